package studio.ainative.identity.security;

import java.security.SecureRandom;
import java.util.Base64;
import studio.ainative.identity.service.Digests;

/**
 * Project API keys: {@code ak_} + 256 random bits in base64url. With that much entropy a plain
 * SHA-256 is the right storage hash (a slow password hash would only cost latency on every call).
 */
public final class ApiKeys {

    public static final String PREFIX = "ak_";
    private static final int RANDOM_BYTES = 32;
    private static final int ENCODED_LENGTH = PREFIX.length() + 43;
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeys() {
    }

    public static String generate() {
        byte[] bytes = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Shape check before any lookup, so junk never reaches the database. */
    public static boolean looksLikeKey(String candidate) {
        if (candidate == null || candidate.length() != ENCODED_LENGTH || !candidate.startsWith(PREFIX)) {
            return false;
        }
        for (int i = PREFIX.length(); i < candidate.length(); i++) {
            char c = candidate.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /** The part shown in listings so a human can tell keys apart. */
    public static String displayPrefix(String key) {
        return key.substring(0, PREFIX.length() + 8);
    }

    public static byte[] hash(String key) {
        return Digests.sha256(key);
    }
}
