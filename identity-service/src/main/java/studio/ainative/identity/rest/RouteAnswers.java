package studio.ainative.identity.rest;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.Json;
import studio.ainative.platform.web.Problem;

/** The RFC 9457 problem the JAX-RS resources' exception mappers answer, for the plain Vert.x routes. */
final class RouteProblems {

    private static final CharSequence PROBLEM_JSON = HttpHeaders.createOptimized(Problem.MEDIA_TYPE);

    private RouteProblems() {
    }

    /** Ends the response with the problem, unless it has already ended. */
    static void end(HttpServerResponse response, int status, String code, String detail, Integer retryAfterSeconds) {
        if (response.ended()) {
            return;
        }
        if (retryAfterSeconds != null) {
            response.putHeader(HttpHeaders.RETRY_AFTER, Integer.toString(retryAfterSeconds));
        }
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, PROBLEM_JSON).end(Json.encodeToBuffer(Problem.of(status, code, detail)));
    }
}
