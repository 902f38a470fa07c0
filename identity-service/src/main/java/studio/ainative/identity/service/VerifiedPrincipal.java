package studio.ainative.identity.service;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** An end user proven by a provider's token. */
public record VerifiedPrincipal(
        UUID projectId,
        UUID providerId,
        String provider,
        String userId,
        String email,
        String sub,
        String issuer,
        List<String> audience,
        Instant expiresAt,
        Instant issuedAt,
        Map<String, Object> claims) {
}
