package studio.ainative.identity.verification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link JsonSegment} reads what Jackson's databind read before it, configured as the verifier had it (strict
 * duplicates, no trailing tokens, longs for integers into a {@code LinkedHashMap}): the same values and types for every
 * object databind accepts, a refusal for every input it refuses. Checked on hand-picked edge cases and on 30,000
 * generated objects (a third of them with a duplicate member), half of them then damaged by a changed, dropped or inserted byte.
 */
class JsonSegmentTest {

    private static final ObjectReader DATABIND = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, DeserializationFeature.USE_LONG_FOR_INTS)
            .build()
            .readerFor(new TypeReference<LinkedHashMap<String, Object>>() { });

    /** Deep enough that only databind's own limits apply in the comparison. */
    private static final JsonSegment UNBOUNDED = new JsonSegment(1_000);

    @Test
    void readsValuesAsJose4jTypesThem() throws Exception {
        Map<String, Object> read = UNBOUNDED.object(bytes(
                "{\"s\":\"\\u00e9\\n\",\"i\":7,\"neg\":-9223372036854775808,\"d\":1.5,\"e\":1e3,\"t\":true,\"f\":false,"
                        + "\"n\":null,\"a\":[1,\"x\",[]],\"o\":{\"k\":{}}}"));
        assertEquals(List.of("s", "i", "neg", "d", "e", "t", "f", "n", "a", "o"), List.copyOf(read.keySet()));
        assertEquals("é\n", read.get("s"));
        assertEquals(7L, read.get("i"));
        assertEquals(Long.MIN_VALUE, read.get("neg"));
        assertEquals(1.5d, read.get("d"));
        assertEquals(1000d, read.get("e"));
        assertEquals(Boolean.TRUE, read.get("t"));
        assertEquals(Boolean.FALSE, read.get("f"));
        assertTrue(read.containsKey("n") && read.get("n") == null);
        assertInstanceOf(ArrayList.class, read.get("a"));
        assertEquals(List.of(1L, "x", List.of()), read.get("a"));
        assertInstanceOf(LinkedHashMap.class, read.get("o"));
        assertEquals(Map.of("k", Map.of()), read.get("o"));
        assertEquals(Double.POSITIVE_INFINITY, UNBOUNDED.object("{\"exp\":1e400}").get("exp"));
    }

    @Test
    void refusesWhatIsNotOneStrictObject() {
        for (String refused : List.of("", " ", "null", "[]", "\"s\"", "1", "{", "{}{}", "{} x", "{\"a\":1,\"a\":2}",
                "{\"o\":{\"a\":1,\"a\":1}}", "{\"a\":NaN}", "{\"a\":1}// c", "{'a':1}", "{\"a\":01}", "{\"a\":1,}",
                "{\"big\":9223372036854775808}", "{\"a\":[1,]}", "{\"a\":\"\u0001\"}")) {
            assertThrows(Exception.class, () -> UNBOUNDED.object(bytes(refused)), refused);
            assertEquals("refused", databind(bytes(refused)), refused);
        }
    }

    @Test
    void refusesAContainerPastTheDepthBeforeReadingIt() throws Exception {
        JsonSegment sixteen = new JsonSegment(16);
        assertEquals(1, sixteen.object(bytes("{\"n\":" + "[".repeat(15) + "]".repeat(15) + "}")).size());
        TokenRejectedException deep = assertThrows(TokenRejectedException.class,
                () -> sixteen.object(bytes("{\"n\":" + "{\"a\":".repeat(16) + "1" + "}".repeat(16) + "}")));
        assertEquals(RejectionReason.INVALID, deep.reason());
        // Unbalanced: refused at the seventeenth level, never reaching the parser's complaint about the missing ends.
        assertThrows(TokenRejectedException.class, () -> sixteen.object(bytes("{\"n\":" + "[".repeat(5_000))));
    }

    @Test
    void agreesWithDatabindOnGeneratedAndDamagedObjects() throws Exception {
        Random random = new Random(20261206L);
        int accepted = 0;
        for (int i = 0; i < 30_000; i++) {
            StringBuilder json = new StringBuilder();
            object(random, json, 0);
            byte[] input = bytes(json.toString());
            if (i % 2 == 1) {
                input = damaged(random, input);
            }
            Object expected = databind(input);
            Object actual = segment(input);
            if (expected instanceof Map<?, ?>) {
                accepted++;
                assertEquals(expected, actual, () -> new String(json));
                assertEquals(types(expected), types(actual), () -> new String(json));
            } else {
                assertEquals("refused", actual, () -> "databind refused, the segment reader accepted: " + new String(json));
            }
        }
        assertTrue(accepted > 10_000, "too few inputs were valid JSON for the comparison to mean much: " + accepted);
    }

    private static Object databind(byte[] input) {
        try {
            Map<String, Object> read = DATABIND.readValue(input);
            return read == null ? "refused" : read;
        } catch (IOException | RuntimeException e) {
            return "refused";
        }
    }

    private static Object segment(byte[] input) {
        try {
            return UNBOUNDED.object(input);
        } catch (IOException | TokenRejectedException e) {
            return "refused";
        }
    }

    /** The values' classes, depth first, so that 1 (Long) and 1.0 (Double) or a list and a map never pass as equal. */
    private static List<String> types(Object value) {
        List<String> types = new ArrayList<>();
        collectTypes(value, types);
        return types;
    }

    private static void collectTypes(Object value, List<String> types) {
        types.add(value == null ? "null" : value.getClass().getName());
        if (value instanceof Map<?, ?> map) {
            map.values().forEach(v -> collectTypes(v, types));
        } else if (value instanceof List<?> list) {
            list.forEach(v -> collectTypes(v, types));
        }
    }

    private static byte[] damaged(Random random, byte[] input) {
        int at = random.nextInt(input.length);
        byte replacement = (byte) "{}[]\",:01-.eE \\nt\u00ff".charAt(random.nextInt(18));
        return switch (random.nextInt(3)) {
            case 0 -> {
                byte[] changed = input.clone();
                changed[at] = replacement;
                yield changed;
            }
            case 1 -> {
                byte[] dropped = new byte[input.length - 1];
                System.arraycopy(input, 0, dropped, 0, at);
                System.arraycopy(input, at + 1, dropped, at, input.length - at - 1);
                yield dropped;
            }
            default -> {
                byte[] inserted = new byte[input.length + 1];
                System.arraycopy(input, 0, inserted, 0, at);
                inserted[at] = replacement;
                System.arraycopy(input, at, inserted, at + 1, input.length - at);
                yield inserted;
            }
        };
    }

    private static void object(Random random, StringBuilder json, int depth) {
        json.append('{');
        int members = random.nextInt(depth == 0 ? 8 : 4);
        for (int m = 0; m < members; m++) {
            if (m > 0) {
                json.append(',');
            }
            // Few distinct names, so duplicates come up.
            json.append('"').append((char) ('a' + random.nextInt(depth == 0 ? 20 : 4))).append("\":");
            value(random, json, depth + 1);
        }
        json.append('}');
    }

    private static void value(Random random, StringBuilder json, int depth) {
        switch (random.nextInt(depth > 4 ? 7 : 9)) {
            case 0 -> json.append('"').append(STRINGS[random.nextInt(STRINGS.length)]).append('"');
            case 1 -> json.append(INTEGERS[random.nextInt(INTEGERS.length)]);
            case 2 -> json.append(FLOATS[random.nextInt(FLOATS.length)]);
            case 3 -> json.append(random.nextLong());
            case 4 -> json.append(random.nextBoolean());
            case 5 -> json.append("null");
            case 6 -> json.append(random.nextDouble() * Math.pow(10, random.nextInt(40) - 20));
            case 7 -> object(random, json, depth);
            default -> {
                json.append('[');
                int elements = random.nextInt(4);
                for (int e = 0; e < elements; e++) {
                    if (e > 0) {
                        json.append(',');
                    }
                    value(random, json, depth + 1);
                }
                json.append(']');
            }
        }
    }

    private static final String[] STRINGS = {"", "sub", "user-test-1234", "\\u00e9t\\u00e9", "\\\"q\\\"", "\\\\", "\\/",
            "ä€𝄞", "\\ud834\\udd1e", "\\ud834", "tab\\there", "a b c"};
    private static final String[] INTEGERS = {"0", "-0", "1", "-1", "2147483647", "2147483648", "9223372036854775807",
            "-9223372036854775808", "9223372036854775808", "1700000000", "123456789012345678901234567890"};
    private static final String[] FLOATS = {"0.0", "-0.0", "1.5", "1e3", "1E-3", "1e400", "-1e400", "4.9e-324", "1.7976931348623157e308",
            "1700000000.5", "0.1e1", "2.5e+2"};

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
