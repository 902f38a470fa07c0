package studio.ainative.identity.rest;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import studio.ainative.platform.web.ApiException;

/**
 * The members of an RFC 7662 request body ({@code application/x-www-form-urlencoded}, UTF-8).
 * As in OAuth 2.0 (RFC 6749 §3.1), a member sent twice is an invalid request rather than a guess
 * at which one was meant; members we do not know are ignored.
 *
 * <p>Decoded here because the body is one 1–2 KB JWT on every introspection. The framework's form
 * parser appended it to a StringBuilder one character at a time (a third of the warm path's CPU),
 * and Netty's QueryStringDecoder scanned it with {@code charAt} (a fifth). Here the separators are
 * found with {@code String.indexOf}, which the JVM vectorises, and a member goes through
 * {@link URLDecoder} only when it holds a {@code %} or {@code +}.
 */
record IntrospectionForm(String token, String tokenTypeHint, String projectId) {

    /** Members after this many are not read (a caller sends at most three). */
    static final int MAX_MEMBERS = 16;

    static IntrospectionForm parse(String body) {
        String token = null;
        String tokenTypeHint = null;
        String projectId = null;
        int length = body == null ? 0 : body.length();
        int members = 0;
        for (int start = 0; start < length && members < MAX_MEMBERS; ) {
            int end = body.indexOf('&', start);
            if (end < 0) {
                end = length;
            }
            if (end > start) {
                members++;
                int equals = body.indexOf('=', start);
                boolean hasValue = equals >= 0 && equals < end;
                String name = decode(body, start, hasValue ? equals : end);
                String value = hasValue ? decode(body, equals + 1, end) : "";
                switch (name) {
                    case "token" -> token = once(token, value, name);
                    case "token_type_hint" -> tokenTypeHint = once(tokenTypeHint, value, name);
                    case "project_id" -> projectId = once(projectId, value, name);
                    default -> {
                        // RFC 7662 §2.1: the server may accept other parameters; these it ignores.
                    }
                }
            }
            start = end + 1;
        }
        return new IntrospectionForm(token, tokenTypeHint, projectId);
    }

    private static String once(String previous, String value, String name) {
        if (previous != null) {
            throw ApiException.badRequest("invalid_request", "form parameter '" + name + "' is sent more than once");
        }
        return value;
    }

    private static String decode(String body, int from, int to) {
        String raw = body.substring(from, to);
        if (raw.indexOf('%') < 0 && raw.indexOf('+') < 0) {
            return raw;
        }
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_request", "the body is not valid application/x-www-form-urlencoded");
        }
    }
}
