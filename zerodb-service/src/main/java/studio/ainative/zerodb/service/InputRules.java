package studio.ainative.zerodb.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import studio.ainative.zerodb.ApiException;

/** Checks shared by the services: names, ids, JSON objects and their sizes. */
final class InputRules {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private InputRules() {
    }

    /** A name or id of 1..max characters with no control characters. */
    static String label(String value, String member, int max, String code) {
        if (value == null || value.isEmpty() || value.length() > max) {
            throw ApiException.badRequest(code, member + " must have 1 to " + max + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw ApiException.badRequest(code, member + " must not contain control characters");
            }
        }
        return value;
    }

    /** The JSON object serialized, refused when it is not an object or larger than {@code maxBytes}. */
    static String object(JsonNode node, String member, int maxBytes, String tooLargeCode) {
        if (node == null || node.isNull()) {
            return "{}";
        }
        if (!node.isObject()) {
            throw ApiException.badRequest("invalid_request", member + " must be a JSON object");
        }
        requireFinite(node, member);
        String json;
        try {
            json = MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("invalid_request", member + " is not serializable JSON");
        }
        if (json.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
            throw new ApiException(413, tooLargeCode, member + " is larger than " + maxBytes + " bytes");
        }
        // PostgreSQL's jsonb cannot hold \u0000 in strings.
        if (json.contains("\\u0000")) {
            throw ApiException.badRequest("invalid_request", member + " must not contain NUL characters");
        }
        return json;
    }

    /** JSON has no NaN or Infinity; a body that used them anyway is refused, not stored as strings. */
    static void requireFinite(JsonNode node, String member) {
        if (node.isNumber()) {
            if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
                throw ApiException.badRequest("invalid_number", member + " holds NaN or Infinity, which JSON cannot store");
            }
            return;
        }
        for (JsonNode child : node) {
            requireFinite(child, member);
        }
    }

    static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
