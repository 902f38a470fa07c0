package studio.ainative.zerodb.rest;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import studio.ainative.platform.web.Problem;
import studio.ainative.zerodb.config.ZerodbConfig;

/**
 * Refuses a body whose declared Content-Length is over its endpoint's bound before a byte of it is read:
 * a file upload over {@code zerodb.files.max-bytes} (plus multipart framing), an upsert batch over
 * {@code zerodb.limits.max-json-body}, any other body over {@code zerodb.limits.max-request-body}.
 * Answers problem+json like every other refusal.
 */
@ApplicationScoped
public class BodyLimits {

    static final String FILES_PATH = "/api/v1/zerodb/files";
    static final String BATCH_PATH = "/api/v1/zerodb/vectors/upsert-batch";
    /** Multipart boundaries, part headers and the metadata part around the file's bytes. */
    static final long MULTIPART_OVERHEAD = 128 * 1024;

    private final long maxFileBody;
    private final long maxJsonBody;
    private final long maxRequestBody;
    private final long maxFileBytes;

    public BodyLimits(ZerodbConfig config) {
        this.maxFileBytes = config.files().maxBytes().asLongValue();
        this.maxFileBody = maxFileBytes + MULTIPART_OVERHEAD;
        this.maxJsonBody = config.limits().maxJsonBody().asLongValue();
        this.maxRequestBody = config.limits().maxRequestBody().asLongValue();
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::check);
    }

    private void check(RoutingContext context) {
        String declared = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared == null) {
            context.next();
            return;
        }
        long length;
        try {
            length = Long.parseLong(declared.strip());
        } catch (NumberFormatException e) {
            context.next();
            return;
        }
        boolean post = context.request().method() == HttpMethod.POST;
        String path = context.normalizedPath();
        if (post && FILES_PATH.equals(path)) {
            if (length > maxFileBody) {
                refuse(context, "file_too_large", "files are at most " + maxFileBytes + " bytes");
                return;
            }
        } else {
            long bound = post && BATCH_PATH.equals(path) ? maxJsonBody : maxRequestBody;
            if (length > bound) {
                refuse(context, "payload_too_large", "request bodies here are at most " + bound + " bytes");
                return;
            }
        }
        context.next();
    }

    private static void refuse(RoutingContext context, String code, String detail) {
        JsonObject problem = new JsonObject().put("type", "about:blank").put("title", "Payload Too Large").put("status", 413)
                .put("code", code).put("detail", detail);
        context.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close").end(problem.encode());
    }
}
