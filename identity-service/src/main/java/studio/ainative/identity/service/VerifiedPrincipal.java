package studio.ainative.identity.service;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An end user proven by a provider's token.
 *
 * @param tokenId SHA-256 (hex) of the token's signing input: its identity for revocation
 * @param sessionId the provider's session id, when the token names one (Stytch session claim, {@code sid})
 * @param providerVersion the provider registration's last change (epoch ms), to spot principals cached before it
 * @param ownerId the provider's owner qualifier and {@code userId}: who owns rows and is revoked as "the user"
 */
public record VerifiedPrincipal(
        String tokenId,
        UUID projectId,
        UUID providerId,
        long providerVersion,
        String provider,
        String userId,
        String email,
        String sub,
        String issuer,
        List<String> audience,
        Instant expiresAt,
        Instant issuedAt,
        String sessionId,
        Map<String, Object> claims,
        String ownerId) {
}
