package studio.ainative.devkit.openai.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import studio.ainative.devkit.openai.OpenAiException;
import studio.ainative.devkit.openai.OpenAiPaths;
import studio.ainative.devkit.openai.service.UpstreamStats;

/**
 * The one place the OpenAI emulator's error bodies are made: every failure leaves in OpenAI's
 * envelope, and no exception name or stack trace reaches the caller. 4xx are the caller's business
 * and not logged.
 */
@ApplicationScoped
public class OpenAiFailures {

    private static final Logger LOG = Logger.getLogger(OpenAiFailures.class);

    private final UpstreamStats stats;
    private final ObjectMapper json;

    public OpenAiFailures(UpstreamStats stats, ObjectMapper json) {
        this.stats = stats;
        this.json = json;
    }

    void handle(RoutingContext ctx) {
        OpenAiException error = asOpenAiError(ctx);
        if (ctx.response().headWritten()) {
            // Too late for an error body: the status line is gone. Cutting the connection is honest.
            ctx.request().connection().close();
            return;
        }
        if (error.status() < 500 && OpenAiPaths.isApi(ctx.normalizedPath())) {
            stats.record(UpstreamStats.Event.REJECTED);
        }
        JsonBodies.send(ctx, error.status(), OpenAiErrorResponse.of(error), json);
    }

    /** Routes that exist under an owned prefix answer every other path and method, as OpenAI does. */
    void unknownUrl(RoutingContext ctx) {
        ctx.fail(OpenAiException.unknownUrl(ctx.request().method().name(), ctx.normalizedPath()));
    }

    private static OpenAiException asOpenAiError(RoutingContext ctx) {
        if (ctx.failure() instanceof OpenAiException e) {
            return e;
        }
        if (ctx.failure() == null && ctx.statusCode() == 413) {
            return OpenAiException.bodyTooLarge();
        }
        LOG.error("Unexpected failure on " + ctx.normalizedPath(), ctx.failure());
        return OpenAiException.unexpected();
    }
}
