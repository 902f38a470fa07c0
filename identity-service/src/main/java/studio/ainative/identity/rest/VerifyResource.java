package studio.ainative.identity.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.UUID;
import studio.ainative.identity.ApiException;
import studio.ainative.identity.security.BearerCredentials;
import studio.ainative.identity.service.VerificationService;
import studio.ainative.identity.verification.TokenRejectedException;

/** {@code GET /api/v1/auth/verify}, exactly as the product guide shows it. */
@Path("/api/v1/auth/verify")
@Produces(MediaType.APPLICATION_JSON)
public class VerifyResource {

    /** The guide's success body, plus project and expiry. {@code email} is null when the provider has none. */
    public record Valid(boolean valid, String provider, String userId, String email, UUID projectId, Instant expiresAt) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Invalid(boolean valid, String error, String errorDescription) {
    }

    private final VerificationService verification;

    public VerifyResource(VerificationService verification) {
        this.verification = verification;
    }

    @GET
    public Uni<Response> verify(@HeaderParam("Authorization") String authorization, @HeaderParam("X-Project-ID") String project) {
        String token = BearerCredentials.token(authorization);
        if (token == null) {
            return Uni.createFrom().item(Response.status(401)
                    .header("WWW-Authenticate", "Bearer")
                    .entity(new Invalid(false, "invalid_request", "bearer token missing")).build());
        }
        return verification.verify(token, project)
                .map(p -> Response.ok(new Valid(true, p.provider(), p.userId(), p.email(), p.projectId(), p.expiresAt())).build())
                .onFailure(TokenRejectedException.class).recoverWithItem(e -> {
                    String description = ((TokenRejectedException) e).reason().description();
                    return Response.status(401)
                            .header("WWW-Authenticate", "Bearer error=\"invalid_token\", error_description=\"" + description + "\"")
                            .entity(new Invalid(false, "invalid_token", description)).build();
                })
                .onFailure(ApiException.class).recoverWithItem(e -> {
                    ApiException api = (ApiException) e;
                    return Response.status(api.status()).entity(new Invalid(false, api.code(), api.getMessage())).build();
                });
    }
}
