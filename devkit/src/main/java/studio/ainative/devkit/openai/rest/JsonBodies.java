package studio.ainative.devkit.openai.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import studio.ainative.devkit.openai.OpenAiException;

/** JSON in and out of Vert.x routes with the application's ObjectMapper (snake_case on the wire). */
final class JsonBodies {

    static final String APPLICATION_JSON = "application/json";

    private JsonBodies() {
    }

    /** The request body as a JSON tree; anything but exactly one JSON value is OpenAI's invalid JSON. */
    static JsonNode read(RoutingContext ctx, ObjectMapper json) {
        Buffer body = BoundedBody.of(ctx);
        if (body == null || body.length() == 0) {
            throw OpenAiException.invalidJson();
        }
        try {
            JsonNode tree = json.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(body.getBytes());
            if (tree == null || tree.isMissingNode()) {
                throw OpenAiException.invalidJson();
            }
            return tree;
        } catch (IOException e) {
            throw OpenAiException.invalidJson();
        }
    }

    /** Binds a tree to a record, refusing members the record does not have so typos fail loudly. */
    static <T> T bindStrictly(JsonNode tree, Class<T> type, ObjectMapper json) {
        ObjectReader reader = json.readerFor(type).with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        try {
            return reader.treeToValue(tree, type);
        } catch (UnrecognizedPropertyException e) {
            throw OpenAiException.invalidRequest(e.getPropertyName(), "unknown_parameter",
                    "Unrecognized request argument supplied: " + OpenAiException.quoted(e.getPropertyName()));
        } catch (MismatchedInputException e) {
            String param = e.getPath().isEmpty() ? null : e.getPath().get(e.getPath().size() - 1).getFieldName();
            throw OpenAiException.invalidRequest(param, "invalid_type", param == null
                    ? "Invalid type for the request body: expected an object."
                    : "Invalid type for '" + param + "'.");
        } catch (JsonProcessingException e) {
            throw OpenAiException.invalidJson();
        }
    }

    static Buffer write(Object body, ObjectMapper json) {
        try {
            return Buffer.buffer(json.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A response record did not serialise", e);
        }
    }

    static Future<Void> send(RoutingContext ctx, int status, Object body, ObjectMapper json) {
        return ctx.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, APPLICATION_JSON)
                .end(write(body, json));
    }
}
