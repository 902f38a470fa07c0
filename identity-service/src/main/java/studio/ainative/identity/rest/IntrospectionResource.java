package studio.ainative.identity.rest;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import studio.ainative.identity.security.ServiceCredentials;
import studio.ainative.identity.service.IntrospectionOutcome;
import studio.ainative.identity.service.IntrospectionService;
import studio.ainative.identity.verification.RejectionReason;
import studio.ainative.platform.web.ApiException;
import studio.ainative.platform.web.Problem;

/**
 * RFC 7662 token introspection for the platform's own services (never routed by the gateway).
 * Inactive tokens are {@code {"active": false}}; provider keys unavailable with nothing cached is a
 * 503, never "inactive", so callers do not turn an IdP outage into logged-out users.
 */
@Path("/internal/v1/introspect")
public class IntrospectionResource {

    static final int MAX_TOKEN_CHARS = 16 * 1024;

    private final IntrospectionService introspection;
    private final ServiceCredentials credentials;

    public IntrospectionResource(IntrospectionService introspection, ServiceCredentials credentials) {
        this.introspection = introspection;
        this.credentials = credentials;
    }

    /**
     * The form body is read whole (capped at 64 KiB by {@code quarkus.http.limits.max-body-size}) and
     * decoded by {@link IntrospectionForm} rather than through {@code @FormParam}, which cost the warm
     * path a third of its CPU (see there).
     */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> introspect(@HeaderParam("Authorization") String authorization, String body) {
        if (credentials.authenticate(authorization) == null) {
            return Uni.createFrom().item(Response.status(401).header("WWW-Authenticate", "Basic realm=\"introspection\"")
                    .type(Problem.MEDIA_TYPE)
                    .entity(new Problem("about:blank", "Unauthorized", 401, "invalid_client", "a service credential is required"))
                    .build());
        }
        IntrospectionForm form = IntrospectionForm.parse(body);
        String token = form.token();
        String projectId = form.projectId();
        if (token == null || token.isBlank()) {
            return Uni.createFrom().failure(ApiException.badRequest("invalid_request", "form parameter 'token' is required"));
        }
        if (token.length() > MAX_TOKEN_CHARS) {
            return Uni.createFrom().item(inactive());
        }
        return introspection.introspect(token.strip(), projectId).map(outcome -> {
            if (outcome instanceof IntrospectionOutcome.Active active) {
                return Response.ok(active.body(), MediaType.APPLICATION_JSON).build();
            }
            if (outcome instanceof IntrospectionOutcome.ApiKeyActive key) {
                return Response.ok(key.body(), MediaType.APPLICATION_JSON).build();
            }
            if (((IntrospectionOutcome.Inactive) outcome).reason() == RejectionReason.KEYS_UNAVAILABLE) {
                return Response.status(503).header("Retry-After", "5").type(Problem.MEDIA_TYPE)
                        .entity(new Problem("about:blank", "Service Unavailable", 503, "temporarily_unavailable",
                                "the identity provider's keys are unavailable")).build();
            }
            return inactive();
        });
    }

    private static final byte[] INACTIVE = new JsonObject().put("active", false).toBuffer().getBytes();

    private static Response inactive() {
        return Response.ok(INACTIVE, MediaType.APPLICATION_JSON).build();
    }
}
