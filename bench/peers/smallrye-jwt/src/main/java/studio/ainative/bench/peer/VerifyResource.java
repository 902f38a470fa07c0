package studio.ainative.bench.peer;

import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * {@code GET /api/v1/auth/verify} as a team would write it with quarkus-smallrye-jwt alone: the bearer token is
 * verified by smallrye-jwt (signature against the JWKS at {@code mp.jwt.verify.publickey.location}, issuer,
 * audience, exp), a 401 otherwise; the answer is the guide's shape.
 */
@Path("/api/v1/auth/verify")
public class VerifyResource {

    @Inject
    JsonWebToken jwt;

    @GET
    @Authenticated
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> verify() {
        return Map.of("valid", true, "user_id", jwt.getSubject(), "expires_at", Instant.ofEpochSecond(jwt.getExpirationTime()).toString());
    }
}
