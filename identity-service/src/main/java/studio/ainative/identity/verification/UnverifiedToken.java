package studio.ainative.identity.verification;

import org.jose4j.jwt.consumer.JwtContext;

/**
 * A token that passed the structural pre-checks and was decoded, but whose signature and claims
 * have not been checked yet. Its {@link #issuer()} picks the provider; its claims may name cache and
 * deny-list entries to fetch early, but decide nothing until the signature is checked.
 */
public record UnverifiedToken(JwtContext context, String issuer, String kid, String algorithm) {
}
