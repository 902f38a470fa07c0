package studio.ainative.devkit.stytch.security;

import java.security.SecureRandom;
import java.util.Base64;

/** Unguessable, URL-safe bearer tokens (magic-link, OAuth and session tokens) and passcodes. */
public final class SecureTokens {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int BYTES = 32;
    private static final int PASSCODE_BOUND = 1_000_000;

    private SecureTokens() {
    }

    public static String next() {
        byte[] bytes = new byte[BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A six-digit one-time passcode, as Stytch sends. */
    public static String passcode() {
        return String.format("%06d", RANDOM.nextInt(PASSCODE_BOUND));
    }
}
