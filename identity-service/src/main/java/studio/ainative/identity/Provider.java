package studio.ainative.identity;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A registered identity provider of one project. The API secret stays encrypted here. */
public record Provider(
        UUID id,
        UUID projectId,
        String provider,
        String domain,
        String clientId,
        String audience,
        String jwksUri,
        String issuer,
        Map<String, String> claimMapping,
        List<String> allowedAlgorithms,
        int clockSkewSeconds,
        byte[] apiSecretEncrypted,
        String apiBaseUrl,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {

    public boolean hasApiSecret() {
        return apiSecretEncrypted != null;
    }

    /** Base URL of the provider's own API: explicit, or the origin of the JWKS URI. */
    public String effectiveApiBaseUrl() {
        if (apiBaseUrl != null) {
            return apiBaseUrl;
        }
        java.net.URI jwks = java.net.URI.create(jwksUri);
        return jwks.getScheme() + "://" + jwks.getRawAuthority();
    }

    /** Tag for logs and metrics; never contains secrets. */
    public String tag() {
        return provider + ":" + id;
    }
}
