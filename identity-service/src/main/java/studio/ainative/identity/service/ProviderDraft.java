package studio.ainative.identity.service;

import java.util.List;
import java.util.Map;

/**
 * A provider registration after validation and defaults; the secret is still plaintext here.
 *
 * @param derived which URLs identity derived (Stytch's, from the project id) instead of taking them from the request
 */
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
        String requiredHeaderTyp,
        Derived derived) {

    /** The URLs of a registration that identity derived rather than took from the request. */
    public record Derived(boolean jwksUri, boolean apiBaseUrl) {
        public static final Derived NONE = new Derived(false, false);

        public boolean any() {
            return jwksUri || apiBaseUrl;
        }
    }
}
