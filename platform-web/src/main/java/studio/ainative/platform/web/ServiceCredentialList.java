package studio.ainative.platform.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * The platform services one service accepts, each with its own secret, configured as
 * {@code name:secret,...} and presented as HTTP Basic. identity uses it for introspection clients, and
 * each resource service for the services that may call it for an end user. Only SHA-256 digests of
 * the secrets are kept; comparison is constant-time and takes as long for an unknown name.
 */
public final class ServiceCredentialList {

    public static final int MIN_SECRET_LENGTH = 16;

    private final Map<String, byte[]> secretDigests = new HashMap<>();

    /**
     * @param setting the configuration key, for the start-up error
     * @param entries {@code name:secret,...}; empty or null: nobody
     */
    public ServiceCredentialList(String setting, String entries) {
        for (String entry : (entries == null ? "" : entries).split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int colon = entry.indexOf(':');
            if (colon <= 0 || entry.length() - colon - 1 < MIN_SECRET_LENGTH) {
                throw new IllegalStateException(setting + ": each entry is name:secret with a secret of at least "
                        + MIN_SECRET_LENGTH + " characters");
            }
            secretDigests.put(entry.substring(0, colon).strip(), digest(entry.substring(colon + 1).strip()));
        }
    }

    /** The calling service's name, or null when the Basic credential is missing, malformed or wrong. */
    public String authenticate(String header) {
        if (header == null || header.length() < 7 || !header.regionMatches(true, 0, "basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        String name = decoded.substring(0, colon);
        byte[] expected = secretDigests.get(name);
        byte[] presented = digest(decoded.substring(colon + 1));
        // Compared even for unknown names, so timing does not tell which names exist.
        boolean matches = MessageDigest.isEqual(expected != null ? expected : new byte[presented.length], presented);
        return expected != null && matches ? name : null;
    }

    /** The Basic credential a service presents: {@code Basic base64(name:secret)}. */
    public static String basic(String name, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((name + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] digest(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM provides SHA-256", e);
        }
    }
}
