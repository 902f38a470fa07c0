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
        String email = "chaos-" + run + "-" + label + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        Http.Reply reply = http.post(devkit + "/dev/tokens", Map.of(), "application/json",
                JSON.writeValueAsBytes(Map.of("email", email, "lifetime_seconds", 3600)));
        if (reply.status() != 200) {
            throw new IllegalStateException("devkit /dev/tokens answered " + reply.status() + ": " + reply.text());
        }
        JsonNode body = JSON.readTree(reply.body());
        return new User(email, body.get("user_id").asText(), body.get("session_jwt").asText(), body.get("kid").asText());
    }
}
