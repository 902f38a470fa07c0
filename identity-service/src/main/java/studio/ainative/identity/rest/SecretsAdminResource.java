package studio.ainative.identity.rest;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import studio.ainative.identity.config.IdentityConfig;
import studio.ainative.identity.service.SecretReencryption;
import studio.ainative.platform.web.ApiException;

/**
 * Operator key rotation: re-encrypts every stored provider secret under the primary key of
 * {@code identity.secrets.keys}. Same place and credential as the project bootstrap
 * ({@code /internal}, never routed; {@code X-Admin-Token}). Idempotent; answers counts only.
 */
@Path("/internal/v1/admin/secrets")
@Produces(MediaType.APPLICATION_JSON)
public class SecretsAdminResource {

    public record ReencryptionResult(int reencrypted, int failed) {
    }

    private final SecretReencryption reencryption;
    private final IdentityConfig config;

    public SecretsAdminResource(SecretReencryption reencryption, IdentityConfig config) {
        this.reencryption = reencryption;
        this.config = config;
    }

    @POST
    @Path("/reencrypt")
    public Uni<ReencryptionResult> reencrypt(@HeaderParam("X-Admin-Token") String adminToken) {
        if (!AdminResource.adminTokenMatches(adminToken, config.adminToken())) {
            return Uni.createFrom().failure(new ApiException(401, "invalid_admin_token", "a valid X-Admin-Token is required"));
        }
        return reencryption.reencryptAll().map(r -> new ReencryptionResult(r.reencrypted(), r.failed()));
    }
}
