package studio.ainative.bench.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** An HTTP/1.1 client; {@link #send} and {@link #exchange} may be called from several threads (a connection each). */
public final class Client {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    public Client(String base) {
        this.base = base;
    }

    /** One answer, whatever its status. */
    public record Response(int status, byte[] body, Map<String, List<String>> headers) {

        /** The body as JSON; null when it is empty or not JSON. */
        public JsonNode json() {
            if (body.length == 0) {
                return null;
            }
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                return null;
            }
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The first value of a header (names compared ignoring case), or null. */
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).flatMap(e -> e.getValue().stream())
                    .findFirst().orElse(null);
        }
    }

    /** A request expected to answer {@code expected}; anything else fails the caller with the answer. */
    public JsonNode send(String method, String path, String bearer, Object body, int expected) {
        Response response = exchange(method, path, Map.of("Authorization", "Bearer " + bearer),
                body == null ? null : "application/json", body == null ? null : json(body));
        if (response.status() != expected) {
            throw new IllegalStateException(method + " " + path + " answered " + response.status() + ": " + response.text());
        }
        return response.json();
    }

    /** Any request: {@code headers} as given, a body of {@code contentType} when {@code body} is not null. */
    public Response exchange(String method, String path, Map<String, String> headers, String contentType, byte[] body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120));
            headers.forEach(request::header);
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
            }
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Response(response.statusCode(), response.body(), response.headers().map());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code body} serialized as JSON. */
    public static byte[] json(Object body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("not serializable as JSON", e);
        }
    }
}
