package studio.ainative.identity.rest;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.UUID;
import org.jboss.logging.Logger;
import studio.ainative.identity.security.BearerCredentials;
import studio.ainative.identity.service.IntrospectionOutcome;
import studio.ainative.identity.service.IntrospectionService;
import studio.ainative.identity.service.VerifyAnswers;
import studio.ainative.identity.verification.RejectionReason;
import studio.ainative.platform.web.ApiException;
import studio.ainative.platform.web.UnreachableDatabase;

/**
 * {@code GET /api/v1/auth/verify}, exactly as the product guide shows it: {@code Authorization: Bearer <session JWT>},
 * optionally {@code X-Project-ID}. Every new session and every token refresh of every customer's users comes through
 * here, so, like the introspection route, it is a plain Vert.x route rather than a JAX-RS resource: an answer this
 * replica holds in memory is written on the calling event loop with no reactive pipeline, response builder or bean
 * serializer in between, and the bodies are written field by field ({@link VerifyAnswers}); an end user's answer is
 * written once per principal kept in memory. Its OpenAPI description is
 * {@code META-INF/openapi.yaml}.
 *
 * <p>The bodies (the guide's): {@code {"valid":true,"provider","user_id","email","project_id","expires_at"}} for an
 * end user ({@code email} null when the provider has none, {@code expires_at} ISO-8601), {@code {"valid":true,
 * "token_type":"api_key","project_id"}} for a project API key, and {@code {"valid":false,"error","error_description"}}
 * for every refusal: 401 with {@code WWW-Authenticate}, 503 {@code temporarily_unavailable} with {@code Retry-After}
 * when the provider's keys cannot be had, and the status of any other refusal (400, 403, 405). An unreachable
 * database is the RFC 9457 problem every service answers for it (503 {@code database_unavailable}).
 */
@ApplicationScoped
public class VerifyRoute {

    static final String PATH = "/api/v1/auth/verify";
    static final String PROJECT_HEADER = "X-Project-ID";
    /** As introspection's 503 for the same case. */
    static final int KEYS_UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

    private static final Logger LOG = Logger.getLogger(VerifyRoute.class);
    private static final CharSequence BEARER = HttpHeaders.createOptimized("Bearer");
    private static final CharSequence ALLOWED = HttpHeaders.createOptimized("GET, HEAD");

    private final IntrospectionService introspection;
    /**
     * Answers by status ({@code identity.verify.responses}). The HTTP server metrics skip this route, as introspection:
     * their per-request timer and tag lookups were 5% of identity's CPU per warm answer (bench/verify's profile); its
     * latency is {@code identity.introspection}, its outcomes {@code identity.introspections}.
     */
    private final StatusCounters responses;

    public VerifyRoute(IntrospectionService introspection, MeterRegistry metrics) {
        this.introspection = introspection;
        this.responses = new StatusCounters(metrics, "identity.verify.responses", "/api/v1/auth/verify answers by HTTP status",
                200, 400, 401, 403, 405, 500, 503);
    }

    void register(@Observes Router router) {
        router.get(PATH).handler(this::handle);
        router.head(PATH).handler(this::handle);
        router.route(PATH).handler(ctx -> {
            ctx.response().putHeader(HttpHeaders.ALLOW, ALLOWED);
            refuse(ctx, 405, "method_not_allowed", "only GET is allowed here", null);
        });
    }

    private void handle(RoutingContext ctx) {
        String token = BearerCredentials.token(ctx.request().getHeader(HttpHeaders.AUTHORIZATION));
        if (token == null) {
            ctx.response().putHeader(HttpHeaderNames.WWW_AUTHENTICATE, BEARER);
            refuse(ctx, 401, "invalid_request", "bearer token missing", null);
            return;
        }
        String project = ctx.request().getHeader(PROJECT_HEADER);
        try {
            introspection.introspect(token, project, outcome -> respond(ctx, outcome, project), failure -> failed(ctx, failure));
        } catch (RuntimeException e) {
            failed(ctx, e);
        }
    }

    private void respond(RoutingContext ctx, IntrospectionOutcome outcome, String project) {
        try {
            IntrospectionService.requireProject(outcome, project);
        } catch (ApiException e) {
            failed(ctx, e);
            return;
        }
        if (outcome instanceof IntrospectionOutcome.Active a) {
            ok(ctx, valid(a));
        } else if (outcome instanceof IntrospectionOutcome.ApiKeyActive k) {
            ok(ctx, validApiKey(k.projectId()));
        } else {
            RejectionReason reason = ((IntrospectionOutcome.Inactive) outcome).reason();
            String description = reason.description();
            if (reason == RejectionReason.KEYS_UNAVAILABLE) {
                // The IdP's keys could not be had (an outage, or an unknown kid while no refetch is possible): no
                // verdict on the token, so not a 401 that would sign its user out.
                refuse(ctx, 503, "temporarily_unavailable", description, KEYS_UNAVAILABLE_RETRY_AFTER_SECONDS);
                return;
            }
            ctx.response().putHeader(HttpHeaderNames.WWW_AUTHENTICATE,
                    "Bearer error=\"invalid_token\", error_description=\"" + description + "\"");
            refuse(ctx, 401, "invalid_token", description, null);
        }
    }

    /**
     * A refusal ({@link ApiException}) in the guide's shape; an unreachable database is the 503 problem every service
     * answers for it, and anything else is a bug: logged, and a 500 problem without details.
     */
    private void failed(RoutingContext ctx, Throwable failure) {
        if (failure instanceof ApiException api) {
            refuse(ctx, api.status(), api.code(), api.getMessage(), api.retryAfterSeconds());
            return;
        }
        ApiException unreachable = UnreachableDatabase.toApi(failure);
        if (unreachable != null) {
            problem(ctx, unreachable.status(), unreachable.code(), unreachable.getMessage(), unreachable.retryAfterSeconds());
        } else {
            LOG.error("verification failed", failure);
            problem(ctx, 500, "internal_error", "internal error", null);
        }
    }

    private void problem(RoutingContext ctx, int status, String code, String detail, Integer retryAfterSeconds) {
        if (!ctx.response().ended()) {
            responses.count(status);
            RouteAnswers.problem(ctx.response(), status, code, detail, retryAfterSeconds);
        }
    }

    private void ok(RoutingContext ctx, Buffer body) {
        end(ctx, 200, body, null);
    }

    private void refuse(RoutingContext ctx, int status, String error, String description, Integer retryAfterSeconds) {
        end(ctx, status, invalid(error, description), retryAfterSeconds);
    }

    private void end(RoutingContext ctx, int status, Buffer body, Integer retryAfterSeconds) {
        if (!ctx.response().ended()) {
            responses.count(status);
            RouteAnswers.end(ctx.response(), status, RouteAnswers.JSON, body, retryAfterSeconds);
        }
    }

    /** An end user's token: the principal's answer, built once per principal ({@link IntrospectionOutcome.Active#verifyAnswer}). */
    static Buffer valid(IntrospectionOutcome.Active principal) {
        return Buffer.buffer(principal.verifyAnswer().bytes());
    }

    static Buffer validApiKey(UUID projectId) {
        return Buffer.buffer(VerifyAnswers.validApiKey(projectId));
    }

    static Buffer invalid(String error, String description) {
        return Buffer.buffer(VerifyAnswers.invalid(error, description));
    }
}
