package studio.ainative.identity.verification;

import java.util.List;
import java.util.Map;

/**
 * What one registered provider requires of its tokens.
 *
 * @param issuer exact {@code iss}
 * @param audience a value {@code aud} must contain
 * @param algorithms the allow-listed JWS algorithms (asymmetric only)
 * @param clockSkewSeconds tolerance on {@code exp}/{@code nbf}/{@code iat}
 * @param requiredClaims claims the token must carry with exactly these values (strings, booleans, numbers)
 * @param requiredHeaderTyp the JOSE header {@code typ} the token must carry (compared ignoring case); null: any
 */
public record VerificationPolicy(String issuer, String audience, List<String> algorithms, int clockSkewSeconds,
                                 Map<String, Object> requiredClaims, String requiredHeaderTyp) {

    public VerificationPolicy {
        algorithms = List.copyOf(algorithms);
        boolean supported = !algorithms.isEmpty();
        for (String algorithm : algorithms) { // built for every verification: a loop, not a stream
            supported &= SignatureAlgorithms.isSupported(algorithm);
        }
        if (!supported) {
            throw new IllegalArgumentException("algorithms must be a non-empty subset of " + SignatureAlgorithms.ASYMMETRIC);
        }
        requiredClaims = requiredClaims == null ? Map.of() : Map.copyOf(requiredClaims);
    }

    /** A policy with no required claims or header type. */
    public VerificationPolicy(String issuer, String audience, List<String> algorithms, int clockSkewSeconds) {
        this(issuer, audience, algorithms, clockSkewSeconds, Map.of(), null);
    }
}
