package studio.ainative.platform.auth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The platform services allowed to call this one on an end user's behalf with a signed principal
 * ({@code platform.auth.callers=name:secret,...}), each proving itself with HTTP Basic in
 * {@value #HEADER}. The gateway drops that header from public requests, so only service-to-service
 * calls inside the cluster can carry one.
 */
@ApplicationScoped
public class ServiceCallers {

    public static final String HEADER = "X-Service-Authorization";
    static final int MIN_SECRET_LENGTH = 16;

    private final Map<String, byte[]> secretDigests = new HashMap<>();

    @Inject
    public ServiceCallers(PlatformAuthConfig config) {
        this(config.callers());
    }

    ServiceCallers(Optional<String> callers) {
        for (String entry : callers.orElse("").split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int colon = entry.indexOf(':');
            if (colon <= 0 || entry.length() - colon - 1 < MIN_SECRET_LENGTH) {
                throw new IllegalStateException("platform.auth.callers: each entry is name:secret with a secret of at least "
                        + MIN_SECRET_LENGTH + " characters");
            }
            secretDigests.put(entry.substring(0, colon).strip(), digest(entry.substring(colon + 1).strip()));
        }
    }

    /** The calling service's name, or null when the credential is missing, malformed or wrong. */
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
        byte[] expected = secretDigests.get(decoded.substring(0, colon));
        byte[] presented = digest(decoded.substring(colon + 1));
        // Compared even for unknown names, so timing does not tell which names exist.
        boolean matches = MessageDigest.isEqual(expected != null ? expected : new byte[presented.length], presented);
        return expected != null && matches ? decoded.substring(0, colon) : null;
    }

    /** This service's own credential for the header, as the callee expects it. */
    static String credential(String name, String secret) {
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
