package studio.ainative.zerodb.service;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import studio.ainative.zerodb.ApiException;

/** Opaque page cursors: base64url of the last position's text, so clients never depend on their content. */
final class Cursors {

    private static final int MAX_CURSOR_LENGTH = 4096;

    private Cursors() {
    }

    static String encode(String position) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(position.getBytes(StandardCharsets.UTF_8));
    }

    static String decode(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            if (cursor.length() > MAX_CURSOR_LENGTH) {
                throw new IllegalArgumentException();
            }
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_cursor", "cursor is not one this API returned");
        }
    }
}
