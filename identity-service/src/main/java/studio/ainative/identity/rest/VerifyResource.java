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
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import studio.ainative.identity.security.BearerCredentials;
import studio.ainative.identity.service.IntrospectionOutcome;
import studio.ainative.identity.service.IntrospectionService;
import studio.ainative.identity.verification.RejectionReason;
import studio.ainative.platform.web.ApiException;

/** {@code GET /api/v1/auth/verify}, exactly as the product guide shows it. */
@Path("/api/v1/auth/verify")
@Produces(MediaType.APPLICATION_JSON)
public class VerifyResource {

    /** The guide's success body, plus project and expiry. {@code email} is null when the provider has none. */
    public record Valid(boolean valid, String provider, String userId, String email, UUID projectId, Instant expiresAt) {
    }

    /** A project API key presented here: valid, but it is no end user. */
    public record ValidApiKey(boolean valid, String tokenType, UUID projectId) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Invalid(boolean valid, String error, String errorDescription) {
    }

    /** As introspection's 503 for the same case. */
    static final int KEYS_UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

    private final IntrospectionService introspection;

    public VerifyResource(IntrospectionService introspection) {
        this.introspection = introspection;
    }

    @GET
    @APIResponse(responseCode = "200", description = "the token is valid: an end user's, or a project API key",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(oneOf = {Valid.class, ValidApiKey.class})))
    @APIResponse(responseCode = "401", description = "no bearer token, or an invalid one; with `WWW-Authenticate: Bearer`",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Invalid.class)))
    @APIResponse(responseCode = "default", description = "any other refusal (400 ambiguous issuer, 403 project mismatch, 503 "
            + "`temporarily_unavailable`: the provider's keys unavailable, with `Retry-After`), in the guide's shape",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Invalid.class)))
    public Uni<Response> verify(@HeaderParam("Authorization") String authorization, @HeaderParam("X-Project-ID") String project) {
        String token = BearerCredentials.token(authorization);
        if (token == null) {
            return Uni.createFrom().item(Response.status(401)
                    .header("WWW-Authenticate", "Bearer")
                    .entity(new Invalid(false, "invalid_request", "bearer token missing")).build());
        }
        return introspection.introspect(token, project)
                .map(outcome -> {
                    IntrospectionService.requireProject(outcome, project);
                    if (outcome instanceof IntrospectionOutcome.Active a) {
                        return Response.ok(new Valid(true, a.provider(), a.userId(), a.email(),
                                a.projectId(), Instant.ofEpochSecond(a.expiresAt()))).build();
                    }
                    if (outcome instanceof IntrospectionOutcome.ApiKeyActive k) {
                        return Response.ok(new ValidApiKey(true, "api_key", k.projectId())).build();
                    }
                    RejectionReason reason = ((IntrospectionOutcome.Inactive) outcome).reason();
                    String description = reason.description();
                    if (reason == RejectionReason.KEYS_UNAVAILABLE) {
                        // The IdP's keys could not be had (an outage, or an unknown kid while no refetch is
                        // possible): no verdict on the token, so not a 401 that would sign its user out.
                        return Response.status(503).header("Retry-After", KEYS_UNAVAILABLE_RETRY_AFTER_SECONDS)
                                .entity(new Invalid(false, "temporarily_unavailable", description)).build();
                    }
                    return Response.status(401)
                            .header("WWW-Authenticate", "Bearer error=\"invalid_token\", error_description=\"" + description + "\"")
                            .entity(new Invalid(false, "invalid_token", description)).build();
                })
                .onFailure(ApiException.class).recoverWithItem(e -> {
                    ApiException api = (ApiException) e;
                    Response.ResponseBuilder response = Response.status(api.status()).entity(new Invalid(false, api.code(), api.getMessage()));
                    if (api.retryAfterSeconds() != null) {
                        response.header("Retry-After", api.retryAfterSeconds());
                    }
                    return response.build();
                });
    }
}
