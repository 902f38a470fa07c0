package studio.ainative.bench.rlsaudit;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import studio.ainative.bench.common.Client;
import studio.ainative.bench.common.Client.Response;

/** Requests through the gateway as an {@link Actor}: its credential and its {@code X-Project-ID}. */
final class Api {

    static final String ZERODB = "/api/v1/zerodb";
    static final String MEMORY = "/api/v1/public/memory/v2";
    static final String CHAT = "/api/v1/chat";

    private final Client client;
    private final java.util.List<AuditProject> projects;
    private final StytchSessions sessions;
    private final Findings findings;

    Api(Client client, java.util.List<AuditProject> projects, StytchSessions sessions, Findings findings) {
        this.client = client;
        this.projects = projects;
        this.sessions = sessions;
        this.findings = findings;
    }

    Response json(Actor actor, String method, String path, Object body) {
        return send(actor, method, path, body == null ? null : "application/json", body == null ? null : Client.json(body));
    }

    /** A multipart upload of one file (part {@code file}) and its {@code metadata} part. */
    Response upload(Actor actor, String fileName, byte[] content, String metadataJson) {
        String boundary = "audit-" + UUID.randomUUID();
        StringBuilder head = new StringBuilder()
                .append("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"metadata\"\r\n\r\n").append(metadataJson).append("\r\n")
                .append("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"file\"; filename=\"").append(fileName).append("\"\r\n")
                .append("Content-Type: text/plain\r\n\r\n");
        byte[] start = head.toString().getBytes(StandardCharsets.UTF_8);
        byte[] end = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[start.length + content.length + end.length];
        System.arraycopy(start, 0, body, 0, start.length);
        System.arraycopy(content, 0, body, start.length, content.length);
        System.arraycopy(end, 0, body, start.length + content.length, end.length);
        return send(actor, "POST", ZERODB + "/files", "multipart/form-data; boundary=" + boundary, body);
    }

    private Response send(Actor actor, String method, String path, String contentType, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        AuditProject own = projects.get(actor.project());
        headers.put("Authorization", "Bearer " + (actor.isKey() ? own.apiKey() : sessions.jwt(actor.user())));
        switch (actor.header()) {
            case OWN -> headers.put("X-Project-ID", own.id().toString());
            case NONE -> {
            }
            case OTHER_PROJECT -> headers.put("X-Project-ID", projects.get((actor.project() + 1) % projects.size()).id().toString());
            case UNKNOWN_PROJECT -> headers.put("X-Project-ID", UUID.nameUUIDFromBytes(path.getBytes(StandardCharsets.UTF_8)).toString());
        }
        Response response = client.exchange(method, path, headers, contentType, body);
        findings.status(response.status());
        return response;
    }
}
