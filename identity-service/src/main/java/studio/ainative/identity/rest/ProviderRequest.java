package studio.ainative.identity.rest;

import java.util.List;
import java.util.Map;

/**
 * Body of {@code POST /api/v1/auth/providers} (all of the guide's members plus the optional ones) and
 * of {@code PATCH}, where an absent member keeps its current value and {@code "api_secret": ""}
 * removes the stored secret ({@code "required_claims": {}} and {@code "required_header_typ": ""} remove
 * those requirements).
 */
public record ProviderRequest(
        String provider,
        String domain,
        String clientId,
        String jwksUri,
        String issuer,
        Map<String, String> claimMapping,
        String audience,
        List<String> allowedAlgorithms,
        Integer clockSkewSeconds,
        String apiSecret,
        String apiBaseUrl,
        Map<String, Object> requiredClaims,
        String requiredHeaderTyp) {
}
