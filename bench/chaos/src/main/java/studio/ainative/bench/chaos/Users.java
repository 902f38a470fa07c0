package studio.ainative.bench.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;

/** End users of devkit's Stytch project: a session JWT each from devkit's {@code /dev/tokens} (a live session). */
final class Users {

    /** A signed-in end user. */
    record User(String email, String userId, String token, String kid) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Http http;
    private final String devkit;
    private final String run;

    Users(Http http, Stack stack, String run) {
        this.http = http;
        this.devkit = stack.devkit();
        this.run = run;
    }

    /** A new user with a token valid for an hour, longer than any run. */
    User signIn(String label) throws IOException {
        return signInAs(newEmail(label));
    }

    private String newEmail(String label) {
        return "chaos-" + run + "-" + label + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    /** The same user signed in again: a new session and a token signed with devkit's current key. */
    User signInAgain(User user) throws IOException {
        return signInAs(user.email());
    }

    /** A new user's token with {@code claims} merged in last by devkit (they may override the standard ones), signed by devkit. */
    String tokenWithClaims(String label, Map<String, Object> claims) throws IOException {
        return mint(Map.of("email", newEmail(label), "lifetime_seconds", 3600, "claims", claims)).token();
    }

    private User signInAs(String email) throws IOException {
        return mint(Map.of("email", email, "lifetime_seconds", 3600));
    }

    private User mint(Map<String, Object> request) throws IOException {
        Http.Reply reply = http.post(devkit + "/dev/tokens", Map.of(), "application/json", JSON.writeValueAsBytes(request));
        if (reply.status() != 200) {
            throw new IllegalStateException("devkit /dev/tokens answered " + reply.status() + ": " + reply.text());
        }
        JsonNode body = JSON.readTree(reply.body());
        return new User((String) request.get("email"), body.get("user_id").asText(), body.get("session_jwt").asText(), body.get("kid").asText());
    }
}
