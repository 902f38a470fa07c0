package studio.ainative.zerodb.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import studio.ainative.platform.web.ApiException;

/** Checks shared by the services: names, ids, free text, JSON trees and their sizes. */
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

    /** The JSON object serialized, refused when it is not an object, cannot be stored, or is larger than {@code maxBytes}. */
    static String object(JsonNode node, String member, int maxBytes, String tooLargeCode) {
        if (node == null || node.isNull()) {
            return "{}";
        }
        if (!node.isObject()) {
            throw ApiException.badRequest("invalid_request", member + " must be a JSON object");
        }
        requireStorable(node, member, "invalid_request", "invalid_number");
        String json;
        try {
            json = MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("invalid_request", member + " is not serializable JSON");
        }
        if (json.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
            throw new ApiException(413, tooLargeCode, member + " is larger than " + maxBytes + " bytes");
        }
        return json;
    }

    /**
     * A JSON tree PostgreSQL can take as jsonb: no NUL in any string or member name (jsonb cannot hold
     * U+0000), and no NaN or Infinity (JSON has none; the parser reads them only so that this can name
     * the member). Refused with {@code nulCode} or {@code numberCode}.
     */
    static void requireStorable(JsonNode node, String member, String nulCode, String numberCode) {
        if (node.isNumber()) {
            if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
                throw ApiException.badRequest(numberCode, member + " holds NaN or Infinity, which JSON cannot store");
            }
        } else if (node.isTextual()) {
            requireNoNul(node.textValue(), member, nulCode);
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                requireNoNul(field.getKey(), member, nulCode);
                requireStorable(field.getValue(), member, nulCode, numberCode);
            }
        } else {
            for (JsonNode child : node) {
                requireStorable(child, member, nulCode, numberCode);
            }
        }
    }

    private static void requireNoNul(String text, String member, String code) {
        if (text.indexOf('\0') >= 0) {
            throw ApiException.badRequest(code, member + " must not contain NUL characters");
        }
    }

    /** Free text of at most {@code max} characters: tabs and line breaks allowed, no other control characters. */
    static String text(String value, String member, int max, String code) {
        if (value.length() > max) {
            throw ApiException.badRequest(code, member + " has at most " + max + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r') {
                throw ApiException.badRequest(code, member + " must not contain control characters other than tabs and line breaks");
            }
        }
        return value;
    }

    static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
