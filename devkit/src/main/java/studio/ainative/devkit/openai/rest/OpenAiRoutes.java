package studio.ainative.devkit.openai.rest;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import studio.ainative.devkit.openai.OpenAiIds;
import studio.ainative.devkit.openai.OpenAiPaths;
import studio.ainative.devkit.openai.security.ApiKeyCheck;

/**
 * The OpenAI emulator's routes, on Vert.x directly rather than Quarkus REST: a stream must go out
 * one event per write, a fault must be able to hold back the headers, send them alone or cut the
 * connection, and a client that hangs up must be seen at once. These routes are registered before
 * Quarkus REST's, so the paths they own never reach the Stytch resources or their filters.
 */
@ApplicationScoped
public class OpenAiRoutes {

    static final String REQUEST_ID = "x-request-id";

    private final ApiKeyCheck apiKeys;
    private final ChatCompletionsRoute completions;
    private final ModelsRoute models;
    private final DevFaultsRoute faults;
    private final OpenAiFailures failures;
    private final long maxBodyBytes;

    public OpenAiRoutes(ApiKeyCheck apiKeys, ChatCompletionsRoute completions, ModelsRoute models,
            DevFaultsRoute faults, OpenAiFailures failures,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize) {
        this.apiKeys = apiKeys;
        this.completions = completions;
        this.models = models;
        this.faults = faults;
        this.failures = failures;
        this.maxBodyBytes = maxBodySize.asLongValue();
    }

    void register(@Observes Router router) {
        // The HTTP layer refuses a declared Content-Length over the limit; this also bounds chunked bodies.
        BoundedBody body = new BoundedBody(maxBodyBytes);

        router.routeWithRegex(OpenAiPaths.API_REGEX).handler(this::authenticate).failureHandler(failures::handle);
        router.post("/v1/chat/completions").handler(body).handler(completions::create);
        router.get("/v1/models").handler(models::list);
        router.getWithRegex("/v1/models/(?<model>.+)").handler(models::retrieve);
        router.routeWithRegex(OpenAiPaths.API_REGEX).handler(failures::unknownUrl);

        router.routeWithRegex(OpenAiPaths.DEV_REGEX).handler(OpenAiRoutes::tagRequest).failureHandler(failures::handle);
        router.post("/dev/openai/faults").handler(body).handler(faults::arm);
        router.get("/dev/openai/faults").handler(faults::list);
        router.delete("/dev/openai/faults").handler(faults::clear);
        router.get("/dev/openai/stats").handler(faults::stats);
        router.routeWithRegex(OpenAiPaths.DEV_REGEX).handler(failures::unknownUrl);
    }

    private void authenticate(RoutingContext ctx) {
        tag(ctx);
        apiKeys.require(ctx.request().getHeader("Authorization"));
        ctx.next();
    }

    private static void tagRequest(RoutingContext ctx) {
        tag(ctx);
        ctx.next();
    }

    /** Every answer carries a request id, as OpenAI's do, errors included. */
    private static void tag(RoutingContext ctx) {
        ctx.response().putHeader(REQUEST_ID, OpenAiIds.requestId());
    }
}
