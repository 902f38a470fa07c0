package studio.ainative.identity.rest;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import studio.ainative.platform.web.ApiException;

/**
 * The members of an RFC 7662 request body ({@code application/x-www-form-urlencoded}, UTF-8).
 * As in OAuth 2.0 (RFC 6749 §3.1), a member sent twice is an invalid request rather than a guess
 * at which one was meant; members we do not know are ignored.
 *
 * <p>Decoded here, from the body's bytes, because the body is one 1–2 KB JWT on every
 * introspection. The framework's form parser appended it to a StringBuilder one character at a
 * time (a third of the warm path's CPU), and Netty's QueryStringDecoder scanned it with
 * {@code charAt} (a fifth). Here the separators are found with {@link ByteBuf#indexOf}, each
 * member becomes a String with one copy of its own bytes (never the whole body first), and a
 * member goes through {@link URLDecoder} only when it holds a {@code %} or {@code +}.
 */
record IntrospectionForm(String token, String tokenTypeHint, String projectId) {

    /** Members after this many are not read (a caller sends at most three). */
    static final int MAX_MEMBERS = 16;

    static IntrospectionForm parse(Buffer body) {
        String token = null;
        String tokenTypeHint = null;
        String projectId = null;
        ByteBuf bytes = body == null ? Unpooled.EMPTY_BUFFER : body.getByteBuf();
        int length = bytes.writerIndex();
        int members = 0;
        for (int start = bytes.readerIndex(); start < length && members < MAX_MEMBERS; ) {
            int end = bytes.indexOf(start, length, (byte) '&');
            if (end < 0) {
                end = length;
            }
            if (end > start) {
                members++;
                int equals = bytes.indexOf(start, end, (byte) '=');
                boolean hasValue = equals >= 0;
                String name = decode(bytes, start, hasValue ? equals : end);
                String value = hasValue ? decode(bytes, equals + 1, end) : "";
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

    private static String decode(ByteBuf bytes, int from, int to) {
        // String's own UTF-8 decoding copies ASCII in one pass; ByteBuf.toString goes through a CharsetDecoder.
        String raw = bytes.hasArray()
                ? new String(bytes.array(), bytes.arrayOffset() + from, to - from, StandardCharsets.UTF_8)
                : bytes.toString(from, to - from, StandardCharsets.UTF_8);
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
