package studio.ainative.identity.security;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import studio.ainative.identity.config.IdentityConfig;

/**
 * The services allowed to call internal introspection, each with its own secret
 * ({@code identity.introspection.clients=name:secret,...}), presented as HTTP Basic.
 */
@ApplicationScoped
public class ServiceCredentials {

    static final int MIN_SECRET_LENGTH = 16;

    private final Map<String, byte[]> secretDigests = new HashMap<>();

    public ServiceCredentials(IdentityConfig config) {
        String clients = config.introspection().clients().orElse("");
        for (String entry : clients.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int colon = entry.indexOf(':');
            if (colon <= 0 || entry.length() - colon - 1 < MIN_SECRET_LENGTH) {
                throw new IllegalStateException("identity.introspection.clients: each entry is name:secret with a secret of at least "
                        + MIN_SECRET_LENGTH + " characters");
            }
            secretDigests.put(entry.substring(0, colon).strip(), digest(entry.substring(colon + 1).strip()));
        }
    }

    /** The calling service's name, or null when the Basic credential is missing or wrong. */
    public String authenticate(String authorization) {
        if (authorization == null || authorization.length() < 7 || !authorization.regionMatches(true, 0, "basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
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
        // Compare even for unknown names so timing does not tell which service names exist.
        boolean matches = MessageDigest.isEqual(expected != null ? expected : new byte[presented.length], presented);
        return expected != null && matches ? name : null;
    }

    private static byte[] digest(String secret) {
        return ApiKeys.hash(secret);
    }
}
