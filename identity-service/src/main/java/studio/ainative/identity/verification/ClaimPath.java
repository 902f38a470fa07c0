package studio.ainative.identity.verification;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A path into a JWT's claims: {@code a.b.c}, {@code list[0]}, {@code list[].field}, and claim names
 * that themselves contain dots or slashes ({@code https://stytch.com/session.authentication_factors}).
 *
 * <p>At each object, the longest member name that matches the rest of the path wins, so URL-named
 * claims need no quoting. {@code []} fans out over every element and flattens the results.
 */
public final class ClaimPath {

    public static final int MAX_LENGTH = 256;

    private final String path;

    private ClaimPath(String path) {
        this.path = path;
    }

    public static ClaimPath of(String path) {
        if (path == null || path.isBlank() || path.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("claim path must be 1.." + MAX_LENGTH + " characters");
        }
        if (path.startsWith(".") || path.startsWith("[")) {
            throw new IllegalArgumentException("claim path must start with a claim name");
        }
        return new ClaimPath(path);
    }

    /** The value at this path, a list when the path fans out, or null when absent. */
    public Object resolve(Map<String, Object> claims) {
        return resolve(claims, path);
    }

    /**
     * The object whose member the path ends at (to read flags next to the value, such as
     * {@code verified}); null when the path is absent, ends at a list index or fans out.
     */
    public Map<?, ?> container(Map<String, Object> claims) {
        Object node = claims;
        String rest = path;
        while (true) {
            if (rest.startsWith(".")) {
                rest = rest.substring(1);
            } else if (rest.startsWith("[")) {
                int close = rest.indexOf(']');
                if (close < 0 || !(node instanceof List<?> list)) {
                    return null;
                }
                int i;
                try {
                    i = Integer.parseInt(rest.substring(1, close));
                } catch (NumberFormatException e) {
                    return null; // "[]" fans out: no single container
                }
                if (i < 0 || i >= list.size()) {
                    return null;
                }
                node = list.get(i);
                rest = rest.substring(close + 1);
            } else if (node instanceof Map<?, ?> map) {
                String best = longestMember(map, rest);
                if (best == null) {
                    return null;
                }
                if (best.length() == rest.length()) {
                    return map;
                }
                node = map.get(best);
                rest = rest.substring(best.length());
            } else {
                return null;
            }
        }
    }

    @Override
    public String toString() {
        return path;
    }

    private static Object resolve(Object node, String rest) {
        if (rest.isEmpty() || node == null) {
            return node;
        }
        if (rest.charAt(0) == '.') {
            return resolve(node, rest.substring(1));
        }
        if (rest.charAt(0) == '[') {
            int close = rest.indexOf(']');
            if (close < 0 || !(node instanceof List<?> list)) {
                return null;
            }
            String index = rest.substring(1, close);
            String after = rest.substring(close + 1);
            if (index.isEmpty()) {
                List<Object> out = new ArrayList<>();
                for (Object element : list) {
                    Object value = resolve(element, after);
                    if (value instanceof List<?> nested) {
                        out.addAll(nested);
                    } else if (value != null) {
                        out.add(value);
                    }
                }
                return out.isEmpty() ? null : out;
            }
            int i;
            try {
                i = Integer.parseInt(index);
            } catch (NumberFormatException e) {
                return null;
            }
            return i >= 0 && i < list.size() ? resolve(list.get(i), after) : null;
        }
        if (!(node instanceof Map<?, ?> map)) {
            return null;
        }
        String best = longestMember(map, rest);
        return best == null ? null : resolve(map.get(best), rest.substring(best.length()));
    }

    private static String longestMember(Map<?, ?> map, String rest) {
        String best = null;
        for (Object key : map.keySet()) {
            if (key instanceof String name && matchesAt(rest, name) && (best == null || name.length() > best.length())) {
                best = name;
            }
        }
        return best;
    }

    private static boolean matchesAt(String rest, String name) {
        if (name.isEmpty() || !rest.startsWith(name)) {
            return false;
        }
        if (rest.length() == name.length()) {
            return true;
        }
        char next = rest.charAt(name.length());
        return next == '.' || next == '[';
    }
}
