package studio.ainative.bench.rlsaudit;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import studio.ainative.bench.common.Client;
import studio.ainative.bench.common.Client.Response;

/**
 * The end users' Stytch sessions, signed in as the guide's Step 4 does (tests/e2e/guide-flow.sh's {@code sign_in}):
 * {@code login_or_create}, the magic link's token from devkit's outbox in place of the user's click, then
 * {@code magic_links/authenticate}. A session JWT lives five minutes; like an application, the audit trades the
 * session token for a fresh one ({@code sessions/authenticate}) before it runs out.
 */
final class StytchSessions {

    /** A session JWT older than this is replaced before use (devkit's JWTs live 300 s). */
    private static final long REFRESH_AFTER_MILLIS = 120_000;

    private static final class Session {
        final String userId;
        final String sessionToken;
        String jwt;
        long issuedAt;

        Session(String userId, String sessionToken, String jwt) {
            this.userId = userId;
            this.sessionToken = sessionToken;
            this.jwt = jwt;
            this.issuedAt = System.currentTimeMillis();
        }
    }

    private final Client stytch;
    private final String basic;
    private final List<Session> sessions = new ArrayList<>();

    StytchSessions(String stytchUrl, String projectId, String secret) {
        this.stytch = new Client(stytchUrl);
        this.basic = "Basic " + Base64.getEncoder().encodeToString((projectId + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    /** Signs a new end user in with a magic link; returns their Stytch user id. */
    String signIn(String email) {
        JsonNode created = post("/v1/magic_links/email/login_or_create", Map.of("email", email,
                "login_magic_link_url", "http://localhost:3000/authenticate", "signup_magic_link_url", "http://localhost:3000/authenticate"));
        Response outbox = stytch.exchange("GET", "/dev/outbox?kind=magic_link&email=" + URLEncoder.encode(email, StandardCharsets.UTF_8),
                Map.of(), null, null);
        if (outbox.status() != 200) {
            throw new IllegalStateException("devkit's outbox has no magic link for " + email + ": " + outbox.text());
        }
        JsonNode session = post("/v1/magic_links/authenticate", Map.of("token", outbox.json().path("token").asText(), "session_duration_minutes", 240));
        String userId = session.path("user_id").asText();
        if (!userId.equals(created.path("user_id").asText())) {
            throw new IllegalStateException("the magic link signed in " + userId + ", not the user login_or_create made");
        }
        sessions.add(new Session(userId, session.path("session_token").asText(), session.path("session_jwt").asText()));
        return userId;
    }

    /** User {@code user}'s current session JWT, refreshed when it is near its end. */
    String jwt(int user) {
        Session session = sessions.get(user);
        if (System.currentTimeMillis() - session.issuedAt > REFRESH_AFTER_MILLIS) {
            JsonNode refreshed = post("/v1/sessions/authenticate", Map.of("session_token", session.sessionToken));
            session.jwt = refreshed.path("session_jwt").asText();
            session.issuedAt = System.currentTimeMillis();
        }
        return session.jwt;
    }

    String userId(int user) {
        return sessions.get(user).userId;
    }

    private JsonNode post(String path, Object body) {
        Response response = stytch.exchange("POST", path, Map.of("Authorization", basic), "application/json", Client.json(body));
        if (response.status() != 200) {
            throw new IllegalStateException("Stytch " + path + " answered " + response.status() + ": " + response.text());
        }
        return response.json();
    }
}
