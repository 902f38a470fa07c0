package studio.ainative.platform.testing.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jose4j.json.JsonUtil;

/**
 * JSON text for fuzzers, written by hand so that it can be what a serializer never writes: duplicate
 * members, nesting thousands deep, numbers past double's range, NaN, lone surrogates, megabyte strings,
 * truncated or non-object documents. Values are JSON text (raw), members are name/raw-value pairs.
 */
public final class HostileJson {

    /** One member of an object as written: its name (unquoted) and its value as raw JSON text. */
    public record Member(String name, String rawValue) {
    }

    private static final String[] NUMBERS = {
        "0", "-0", "1", "-1", "0.5", "-0.0", "1e400", "-1e400", "1e-400", "1E+2", "253402300799", "253402300800",
        "9223372036854775807", "9223372036854775808", "-9223372036854775809", "18446744073709551616",
        "1.7976931348623157e308", "4.9e-324", "2147483648", "-2147483649", "123456789012345678901234567890.5",
        "NaN", "Infinity", "-Infinity", "0x10", "01", "1.", ".5", "+1", "1e", "--1",
    };

    private static final String[] STRINGS = {
        "", " ", "null", "true", "0", "../../dev/null", "/etc/passwd", "' OR '1'='1' --", "\"; DROP TABLE t; --",
        "$where", "${jndi:ldap://127.0.0.1/x}", "<script>alert(1)</script>", "\u0000", "a\u0000b", "\u202e", "\ufeff",
        "\ud800", "\udfff", "\ud83d\ude00", "é", "e\u0301", "İ", "ß", "\u0085", "\u2028", "\r\n", "\t", "\\", "\\u0000",
        "%00", "%2e%2e%2f", "none", "None", "HS256", "RS256", "ES256", "sig", "enc", "RSA", "EC", "OKP", "oct",
    };

    /** String literals with escapes a serializer never writes: lone or reversed surrogates, NUL, broken escapes. */
    private static final String[] ESCAPED_LITERALS = {
        "\"\\ud800\"", "\"\\udfff\\ud800\"", "\"\\u0000\"", "\"\\u00\"", "\"\\x41\"", "\"\\/\\b\\f\"", "\"\\uD83D\\uDE00\"",
    };

    private HostileJson() {
    }

    // --- values ------------------------------------------------------------------------------------

    /** A JSON value of any kind, hostile about one time in three; nests up to {@code depth} levels. */
    public static String value(Random r, int depth) {
        int pick = r.nextInt(depth > 0 ? 12 : 8);  // depth bounds the size: no array or object at 0
        return switch (pick) {
            case 0, 1 -> number(r);
            case 2, 3, 4 -> string(r);
            case 5 -> r.nextBoolean() ? "true" : "false";
            case 6 -> "null";
            case 7 -> r.nextInt(20) == 0 ? deepNesting(r) : Long.toString(r.nextLong() % 100_000);
            case 8, 9 -> array(r, depth - 1);
            default -> object(r, depth - 1);
        };
    }

    /** A number as JSON text: ordinary, at a boundary, beyond double or long, or not JSON at all (NaN, 0x10). */
    public static String number(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> Long.toString(r.nextLong());
            case 1 -> Double.toString(r.nextGaussian() * Math.pow(10, r.nextInt(40) - 20));
            case 2 -> "9".repeat(1 + r.nextInt(r.nextInt(10) == 0 ? 5_000 : 40));
            default -> NUMBERS[r.nextInt(NUMBERS.length)];
        };
    }

    /** A string as a JSON literal: hostile content, random unicode, or huge. */
    public static String string(Random r) {
        return r.nextInt(12) == 0 ? ESCAPED_LITERALS[r.nextInt(ESCAPED_LITERALS.length)] : quote(plainString(r));
    }

    /** The content of a hostile string (not yet quoted). */
    public static String plainString(Random r) {
        return switch (r.nextInt(5)) {
            case 0 -> STRINGS[r.nextInt(STRINGS.length)];
            case 1 -> randomText(r, r.nextInt(24));
            case 2 -> r.nextInt(8) == 0 ? "A".repeat(1 + r.nextInt(200_000)) : "x".repeat(r.nextInt(300));
            case 3 -> STRINGS[r.nextInt(STRINGS.length)] + randomText(r, r.nextInt(6));
            default -> "k" + r.nextInt(50);
        };
    }

    /** Random characters from the whole BMP, lone surrogates and control characters included. */
    public static String randomText(Random r, int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(switch (r.nextInt(4)) {
                case 0 -> (char) (r.nextInt(0x20));
                case 1 -> (char) (0x20 + r.nextInt(0x5f));
                default -> (char) r.nextInt(0x10000);
            });
        }
        return s.toString();
    }

    /** An array of up to 4 values, or (one time in 16) of up to 2,000 numbers or strings. */
    public static String array(Random r, int depth) {
        boolean many = r.nextInt(16) == 0;
        int n = r.nextInt(many ? 2_000 : 5);
        List<String> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            items.add(many ? (r.nextBoolean() ? number(r) : quote("v" + i)) : value(r, depth));
        }
        return "[" + String.join(",", items) + "]";
    }

    public static String object(Random r, int depth) {
        int n = r.nextInt(6);
        List<Member> members = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            members.add(new Member(r.nextBoolean() ? "k" + r.nextInt(4) : plainString(r), value(r, depth)));
        }
        return write(members);
    }

    /** Arrays or objects nested hundreds to tens of thousands deep, closed or not. */
    public static String deepNesting(Random r) {
        int depth = 100 + r.nextInt(r.nextBoolean() ? 1_000 : 20_000);
        boolean objects = r.nextBoolean();
        String open = objects ? "{\"a\":" : "[";
        String close = objects ? "}" : "]";
        String closing = r.nextInt(4) == 0 ? close.repeat(depth / 2) : close.repeat(depth);
        return open.repeat(depth) + "1" + closing;
    }

    // --- objects as member lists -------------------------------------------------------------------

    /**
     * The members of a JSON object document as written (duplicates, deep values and all), or null when it
     * is not an object whose member names are strings. Values are not checked, only delimited: a scan that
     * tracks strings and brackets, without recursion, so any depth is fine.
     */
    public static List<Member> members(String objectJson) {
        String text = objectJson.strip();
        if (text.length() < 2 || text.charAt(0) != '{' || text.charAt(text.length() - 1) != '}') {
            return null;
        }
        List<Member> members = new ArrayList<>();
        int depth = 0;
        boolean inString = false;
        int start = 1;
        int colon = -1;
        for (int i = 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
                continue;
            }
            switch (c) {
                case '"' -> inString = true;
                case '{', '[' -> depth++;
                case '}', ']' -> depth--;
                case ':' -> colon = depth == 0 && colon < 0 ? i : colon;
                default -> { }
            }
            boolean end = depth < 0 && i == text.length() - 1;
            if (depth == 0 && c == ',' || end) {
                if (end && members.isEmpty() && colon < 0 && text.substring(start, i).isBlank()) {
                    return members;
                }
                String name = colon < 0 ? null : unquote(text.substring(start, colon).strip());
                if (name == null) {
                    return null;
                }
                members.add(new Member(name, text.substring(colon + 1, i).strip()));
                start = i + 1;
                colon = -1;
            }
        }
        return depth == -1 && !inString ? members : null;
    }

    /** The content of a JSON string literal; null when it is none. */
    private static String unquote(String literal) {
        if (literal.length() < 2 || literal.charAt(0) != '"' || literal.charAt(literal.length() - 1) != '"') {
            return null;
        }
        StringBuilder s = new StringBuilder();
        for (int i = 1; i < literal.length() - 1; i++) {
            char c = literal.charAt(i);
            if (c != '\\') {
                s.append(c);
                continue;
            }
            if (++i >= literal.length() - 1) {
                return null;
            }
            char e = literal.charAt(i);
            switch (e) {
                case 'b' -> s.append('\b');
                case 'f' -> s.append('\f');
                case 'n' -> s.append('\n');
                case 'r' -> s.append('\r');
                case 't' -> s.append('\t');
                case 'u' -> {
                    if (i + 4 >= literal.length()) {
                        return null;
                    }
                    try {
                        s.append((char) Integer.parseInt(literal.substring(i + 1, i + 5), 16));
                    } catch (NumberFormatException notHex) {
                        return null;
                    }
                    i += 4;
                }
                default -> s.append(e);
            }
        }
        return s.toString();
    }

    /** The members as a JSON object, in order, duplicates kept. */
    public static String write(List<Member> members) {
        StringBuilder s = new StringBuilder("{");
        for (Member m : members) {
            if (s.length() > 1) {
                s.append(',');
            }
            s.append(quote(m.name())).append(':').append(m.rawValue());
        }
        return s.append('}').toString();
    }

    /**
     * One to three hostile edits of an object's members: a value replaced (by a hostile value, or by one
     * of {@code values} for a member named in {@code names}), a member duplicated with another value,
     * removed, or added. Text that is no object gets {@link #mutateText} instead.
     */
    public static String mutateObject(Random r, String objectJson, List<String> names) {
        List<Member> members = members(objectJson);
        if (members == null) {
            return mutateText(r, objectJson);
        }
        int edits = 1 + r.nextInt(3);
        for (int i = 0; i < edits; i++) {
            int at = members.isEmpty() ? 0 : r.nextInt(members.size());
            switch (r.nextInt(members.isEmpty() ? 1 : 5)) {
                case 0 -> members.add(r.nextInt(members.size() + 1),
                        new Member(r.nextInt(3) > 0 && !names.isEmpty() ? names.get(r.nextInt(names.size())) : plainString(r), value(r, 3)));
                case 1, 2 -> members.set(at, new Member(members.get(at).name(), value(r, 3)));
                case 3 -> members.add(r.nextInt(members.size() + 1), new Member(members.get(at).name(), value(r, 2)));
                default -> members.remove(at);
            }
        }
        return r.nextInt(10) == 0 ? mutateText(r, write(members)) : write(members);
    }

    /** A text edit that usually breaks JSON: truncation, a stray token, a span repeated, a wrapper. */
    public static String mutateText(Random r, String text) {
        int at = text.isEmpty() ? 0 : r.nextInt(text.length() + 1);
        return switch (r.nextInt(7)) {
            case 0 -> text.substring(0, at);
            case 1 -> text.substring(0, at) + new String[] {",", ":", "\"", "{", "}", "[", "]", "\\", "\u0000", " ", "nul"}[r.nextInt(11)]
                    + text.substring(at);
            case 2 -> {
                int end = at + r.nextInt(Math.max(1, text.length() - at + 1));
                String span = text.substring(at, Math.min(end, text.length()));
                yield text.substring(0, at) + span.repeat(1 + r.nextInt(50)) + text.substring(at);
            }
            case 3 -> "[" + text + "]";
            case 4 -> text + text;
            case 5 -> value(r, 2);
            default -> text.isEmpty() ? text : text.substring(0, at) + text.substring(Math.min(text.length(), at + 1 + r.nextInt(8)));
        };
    }

    // --- writing -----------------------------------------------------------------------------------

    /** A JSON string literal of {@code s}: escapes what JSON requires, leaves lone surrogates as they are. */
    public static String quote(String s) {
        StringBuilder q = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        q.append(String.format("\\u%04x", (int) c));
                    } else {
                        q.append(c);
                    }
                }
            }
        }
        return q.append('"').toString();
    }

    /** A parsed JSON value (jose4j's maps, lists, strings, numbers, booleans, null) back as JSON text. */
    @SuppressWarnings("unchecked")
    public static String raw(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String s) {
            return quote(s);
        }
        if (value instanceof Map<?, ?> map) {
            return JsonUtil.toJson((Map<String, ?>) map);
        }
        if (value instanceof List<?> list) {
            List<String> items = new ArrayList<>(list.size());
            list.forEach(item -> items.add(raw(item)));
            return "[" + String.join(",", items) + "]";
        }
        return value.toString();
    }
}
