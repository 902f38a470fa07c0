package studio.ainative.identity.security;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The keys that protect provider secrets at rest, as configured: base64 of 32 random bytes each,
 * comma-separated, the first one encrypting and all of them decrypting. A single key (today's
 * {@code IDENTITY_SECRETS_KEY}) is a ring of one. Any fault fails start-up; messages name the
 * position of the faulty key, never its value.
 */
public record SecretKeyRing(List<byte[]> keys) {

    public static final String PROPERTY = "identity.secrets.keys";
    static final int KEY_BYTES = 32;

    public SecretKeyRing {
        keys = List.copyOf(keys);
    }

    public static SecretKeyRing parse(String configured) {
        if (configured == null || configured.isBlank()) {
            throw invalid("is empty; set it to base64 of 32 random bytes (e.g. openssl rand -base64 32)");
        }
        String[] entries = configured.split(",", -1);
        List<byte[]> keys = new ArrayList<>(entries.length);
        for (int i = 0; i < entries.length; i++) {
            String position = "key " + (i + 1) + " of " + entries.length;
            String entry = entries[i].strip();
            if (entry.isEmpty()) {
                throw invalid(position + " is empty");
            }
            byte[] key;
            try {
                key = Base64.getDecoder().decode(entry);
            } catch (IllegalArgumentException e) {
                throw invalid(position + " is not base64");
            }
            if (key.length != KEY_BYTES) {
                throw invalid(position + " must decode to " + KEY_BYTES + " bytes, not " + key.length);
            }
            for (int j = 0; j < keys.size(); j++) {
                if (Arrays.equals(keys.get(j), key)) {
                    throw invalid(position + " repeats key " + (j + 1));
                }
            }
            keys.add(key);
        }
        return new SecretKeyRing(keys);
    }

    private static IllegalStateException invalid(String problem) {
        return new IllegalStateException(PROPERTY + " (IDENTITY_SECRETS_KEYS or IDENTITY_SECRETS_KEY) " + problem);
    }
}
