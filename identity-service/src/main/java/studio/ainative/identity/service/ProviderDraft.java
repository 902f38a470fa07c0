package studio.ainative.identity.service;

import java.util.List;
import java.util.Map;

/** A provider registration after validation and defaults; the secret is still plaintext here. */
public record ProviderDraft(
        String provider,
        String domain,
        String clientId,
        String audience,
        String jwksUri,
        String issuer,
        Map<String, String> claimMapping,
        List<String> allowedAlgorithms,
        int clockSkewSeconds,
        String apiSecret,
        String apiBaseUrl,
        Map<String, Object> requiredClaims,
        String requiredHeaderTyp) {
}
