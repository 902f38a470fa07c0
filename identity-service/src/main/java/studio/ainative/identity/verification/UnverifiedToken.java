package studio.ainative.identity.verification;

import org.jose4j.jwt.consumer.JwtContext;

/**
 * A token that passed the structural pre-checks and was decoded, but whose signature and claims
 * have not been checked yet. Only {@link #issuer()} may be used, and only to pick the provider.
 */
public record UnverifiedToken(JwtContext context, String issuer, String kid, String algorithm) {
}
