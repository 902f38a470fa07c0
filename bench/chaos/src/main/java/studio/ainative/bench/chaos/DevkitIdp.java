package studio.ainative.bench.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;

/** devkit's IdP controls the faults use: its key rotation and the JWKS requests it has seen. */
final class DevkitIdp {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DevkitIdp() {
    }

    /** {@code POST /dev/keys/rotate}: a new signing key, the old ones still published; the new kid. */
    static String rotateKey(FaultContext context) throws IOException {
        Http.Reply rotation = context.http.post(context.stack.devkit() + "/dev/keys/rotate", Map.of(), "application/json", new byte[0]);
        if (rotation.status() != 200) {
            throw new IllegalStateException("devkit's key rotation answered " + rotation.status() + ": " + rotation.text());
        }
        return JSON.readTree(rotation.body()).path("kid").asText();
    }

    /** The JWKS requests devkit has answered since it started ({@code GET /dev/jwks/fault}'s {@code jwks_requests}). */
    static long jwksRequests(FaultContext context) throws IOException {
        Http.Reply reply = context.http.get(context.stack.devkit() + "/dev/jwks/fault", Map.of());
        if (reply.status() != 200) {
            throw new IllegalStateException("devkit's /dev/jwks/fault answered " + reply.status());
        }
        JsonNode view = JSON.readTree(reply.body());
        return view.path("jwks_requests").asLong();
    }
}
