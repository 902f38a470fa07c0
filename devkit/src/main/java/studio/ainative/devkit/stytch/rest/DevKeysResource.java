package studio.ainative.devkit.stytch.rest;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import studio.ainative.devkit.stytch.rest.DevApi.KeyRotationResponse;
import studio.ainative.devkit.stytch.security.SigningKeys;

/**
 * Dev helper (no auth): rotates the signing key so callers' JWKS caching can be tested.
 * RSA key generation is CPU-heavy; the blocking signature keeps it on a worker thread.
 */
@Path("/dev/keys")
@Produces(MediaType.APPLICATION_JSON)
public class DevKeysResource {

    private final SigningKeys keys;

    public DevKeysResource(SigningKeys keys) {
        this.keys = keys;
    }

    @POST
    @Path("/rotate")
    public KeyRotationResponse rotate(@QueryParam("retire_old") boolean retireOld) {
        String kid = keys.rotate(retireOld).getKeyId();
        return new KeyRotationResponse(kid, keys.publishedKeyIds());
    }
}
