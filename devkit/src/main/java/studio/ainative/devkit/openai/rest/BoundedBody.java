package studio.ainative.devkit.openai.rest;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Reads a whole request body, up to a limit, whatever its Content-Type. Vert.x's BodyHandler would
 * decode a body sent as a form (curl -d without a JSON content type) as form fields and fail on a
 * long one; a model server reads the bytes as JSON regardless, and so does this.
 */
final class BoundedBody implements Handler<RoutingContext> {

    private static final String KEY = BoundedBody.class.getName();

    private final long limit;

    BoundedBody(long limit) {
        this.limit = limit;
    }

    /** The body a previous {@link BoundedBody} handler read for this request. */
    static Buffer of(RoutingContext ctx) {
        return ctx.get(KEY);
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        Buffer body = Buffer.buffer();
        request.handler(chunk -> {
            if (ctx.failed()) {
                return;
            }
            if (body.length() + chunk.length() > limit) {
                ctx.fail(413);
                return;
            }
            body.appendBuffer(chunk);
        });
        request.endHandler(end -> {
            if (!ctx.failed()) {
                ctx.put(KEY, body);
                ctx.next();
            }
        });
        request.resume();
    }
}
