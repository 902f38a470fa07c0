package studio.ainative.identity.security;

import java.util.Locale;

/** Reads a bearer token from an {@code Authorization} header; the scheme is case-insensitive (RFC 7235). */
public final class BearerCredentials {

    private BearerCredentials() {
    }

    /** The token, or null when the header is absent or not a Bearer credential. */
    public static String token(String authorization) {
        if (authorization == null || authorization.length() < 8) {
            return null;
        }
        if (!authorization.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            return null;
        }
        String token = authorization.substring(7).strip();
        return token.isEmpty() ? null : token;
    }
}
