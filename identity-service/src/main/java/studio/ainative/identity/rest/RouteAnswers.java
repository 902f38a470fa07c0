package studio.ainative.identity.rest;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.Json;
import studio.ainative.platform.web.Problem;

/** How the plain Vert.x routes end a response: one place for the status, the type, {@code Retry-After} and the body. */
final class RouteAnswers {

    static final CharSequence JSON = HttpHeaders.createOptimized("application/json");
    private static final CharSequence PROBLEM_JSON = HttpHeaders.createOptimized(Problem.MEDIA_TYPE);

    private RouteAnswers() {
    }

    /** Ends the response with {@code body} of {@code contentType} (and {@code Retry-After} when given), unless it has already ended. */
    static void end(HttpServerResponse response, int status, CharSequence contentType, Buffer body, Integer retryAfterSeconds) {
        if (response.ended()) {
            return;
        }
        if (retryAfterSeconds != null) {
            response.putHeader(HttpHeaders.RETRY_AFTER, Integer.toString(retryAfterSeconds));
        }
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, contentType).end(body);
    }

    /** The RFC 9457 problem the JAX-RS resources' exception mappers answer, unless the response has already ended. */
    static void problem(HttpServerResponse response, int status, String code, String detail, Integer retryAfterSeconds) {
        if (!response.ended()) {
            end(response, status, PROBLEM_JSON, Json.encodeToBuffer(Problem.of(status, code, detail)), retryAfterSeconds);
        }
    }
}
