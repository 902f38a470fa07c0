package studio.ainative.devkit.stytch.security;

import java.security.SecureRandom;
import java.util.Base64;

/** Unguessable, URL-safe bearer tokens (magic-link and session tokens). */
public final class SecureTokens {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int BYTES = 32;

    private SecureTokens() {
    }

    public static String next() {
        byte[] bytes = new byte[BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
