package studio.ainative.identity.verification;

import java.util.List;

/**
 * What one registered provider requires of its tokens.
 *
 * @param issuer exact {@code iss}
 * @param audience a value {@code aud} must contain
 * @param algorithms the allow-listed JWS algorithms (asymmetric only)
 * @param clockSkewSeconds tolerance on {@code exp}/{@code nbf}
 */
public record VerificationPolicy(String issuer, String audience, List<String> algorithms, int clockSkewSeconds) {

    public VerificationPolicy {
        algorithms = List.copyOf(algorithms);
        if (algorithms.isEmpty() || !algorithms.stream().allMatch(SignatureAlgorithms::isSupported)) {
            throw new IllegalArgumentException("algorithms must be a non-empty subset of " + SignatureAlgorithms.ASYMMETRIC);
        }
    }
}
