package studio.ainative.identity;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A registered identity provider of one project. The API secret stays encrypted here.
 *
 * @param ownerQualifier prefix of its users' owner ids: '' (legacy, unqualified) or {@code <id>:}
 * @param requiredClaims claims a token must carry with exactly these values (strings, booleans, numbers)
 * @param requiredHeaderTyp the JOSE header {@code typ} a token must carry (case-insensitive); null: any
 */
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
        OffsetDateTime updatedAt,
        String ownerQualifier,
        Map<String, Object> requiredClaims,
        String requiredHeaderTyp) {

    private static final Pattern QUALIFIED = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}:");

    /** The owner qualifier of every provider registered from now on: its id and a colon. */
    public static String qualifierFor(UUID id) {
        return id + ":";
    }

    /** The owner id (RLS owner, user deny-list key) of one of this provider's users. */
    public String ownerId(String userId) {
        return ownerQualifier + userId;
    }

    /** A user id starting like a qualified owner id ({@code <uuid>:}); a legacy provider refuses such ids. */
    public static boolean looksQualified(String userId) {
        return QUALIFIED.matcher(userId).lookingAt();
    }

    /** A legacy provider keeps its users' ids unqualified (the project's oldest at migration time). */
    public boolean isLegacyOwner() {
        return ownerQualifier.isEmpty();
    }

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
