package studio.ainative.identity.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import studio.ainative.identity.security.SigningKeys;

/**
 * The public halves of identity's signing keys, for resource services verifying signed principals.
 * Internal: under {@code /internal/}, which neither the gateway nor the Ingress ever routes.
 */
@Path("/internal/v1/jwks")
public class JwksResource {

    /** Verifiers refresh within this; a rotation publishes the incoming key at least this long before it signs. */
    static final int MAX_AGE_SECONDS = 300;

    private final SigningKeys keys;

    public JwksResource(SigningKeys keys) {
        this.keys = keys;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response jwks() {
        return Response.ok(keys.publicJwks()).header("Cache-Control", "max-age=" + MAX_AGE_SECONDS).build();
    }
}
