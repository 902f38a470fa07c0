package studio.ainative.identity.verification;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A token segment's JSON object, read in one streaming pass of Jackson's parser straight into the values jose4j's
 * own parser gives: {@code LinkedHashMap} objects in member order, {@code ArrayList} arrays, {@code String},
 * {@code Long} for integers (one beyond a long is refused), {@code Double} for other numbers, {@code Boolean} and
 * {@code null}. What databind with {@code FAIL_ON_TRAILING_TOKENS} and {@code USE_LONG_FOR_INTS} built from the same
 * parser, without its deserializer lookups and buffering (a third of what a verification spent outside the signature).
 * Strict: no comments, NaN or other JSON extensions (the parser's defaults), duplicate members refused at every
 * level, nothing after the object, and no container nested deeper than {@code maxDepth} (the object itself is depth 1):
 * a deeper one is refused before its children are read.
 */
final class JsonSegment {

    /**
     * Thread-safe once built, shared by the verifier's every read of a token's JSON; each read takes its own parser. Duplicate members are found by the map itself (a put that
     * leaves its size unchanged), not by the parser's {@code STRICT_DUPLICATE_DETECTION}, which keeps a set of names
     * per object beside the map holding the same names.
     */
    private static final JsonFactory STRICT = new JsonFactory();

    private final int maxDepth;

    JsonSegment(int maxDepth) {
        this.maxDepth = maxDepth;
    }

    /** UTF-8 bytes (Jackson detects other encodings only by their zero bytes: callers hand over checked UTF-8). */
    Map<String, Object> object(byte[] utf8) throws IOException, TokenRejectedException {
        try (JsonParser json = STRICT.createParser(utf8)) {
            return object(json);
        }
    }

    Map<String, Object> object(String text) throws IOException, TokenRejectedException {
        try (JsonParser json = STRICT.createParser(text)) {
            return object(json);
        }
    }

    /** A parser of the same factory, for a caller that scans a segment itself ({@link TokenVerifier#claimedIssuer}). */
    static JsonParser parser(byte[] bytes) throws IOException {
        return STRICT.createParser(bytes);
    }

    private Map<String, Object> object(JsonParser json) throws IOException, TokenRejectedException {
        if (json.nextToken() != JsonToken.START_OBJECT) {
            throw new TokenRejectedException(RejectionReason.INVALID, "segment is not a JSON object");
        }
        Map<String, Object> object = members(json, 1);
        if (json.nextToken() != null) {
            throw new TokenRejectedException(RejectionReason.INVALID, "content after the segment's JSON object");
        }
        return object;
    }

    private Map<String, Object> members(JsonParser json, int depth) throws IOException, TokenRejectedException {
        Map<String, Object> object = new LinkedHashMap<>();
        String name;
        while ((name = json.nextFieldName()) != null) {
            int before = object.size();
            object.put(name, value(json, json.nextToken(), depth));
            if (object.size() == before) {
                throw new TokenRejectedException(RejectionReason.INVALID, "duplicate member in the segment's JSON");
            }
        }
        return object;
    }

    private List<Object> elements(JsonParser json, int depth) throws IOException, TokenRejectedException {
        List<Object> array = new ArrayList<>();
        JsonToken token;
        while ((token = json.nextToken()) != JsonToken.END_ARRAY) {
            array.add(value(json, token, depth));
        }
        return array;
    }

    /** The value starting at {@code token}, inside a container at {@code depth}. */
    private Object value(JsonParser json, JsonToken token, int depth) throws IOException, TokenRejectedException {
        return switch (token) {
            case VALUE_STRING -> json.getText();
            case VALUE_NUMBER_INT -> json.getLongValue();
            case VALUE_NUMBER_FLOAT -> json.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            case START_OBJECT -> members(json, deeper(depth));
            case START_ARRAY -> elements(json, deeper(depth));
            default -> throw new TokenRejectedException(RejectionReason.INVALID, "unexpected JSON token " + token);
        };
    }

    private int deeper(int depth) throws TokenRejectedException {
        if (depth + 1 > maxDepth) {
            throw new TokenRejectedException(RejectionReason.INVALID, "JSON nested deeper than " + maxDepth);
        }
        return depth + 1;
    }
}
