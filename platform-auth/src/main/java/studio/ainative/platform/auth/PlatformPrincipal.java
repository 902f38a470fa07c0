package studio.ainative.platform.auth;

import io.quarkus.security.identity.SecurityIdentity;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Who is calling, as identity-service verified it. Held as the {@link #ATTRIBUTE} attribute of the
 * request's {@link SecurityIdentity}.
 *
 * @param tokenType  end user or API key
 * @param projectId  the project the credential belongs to
 * @param provider   the identity provider's kind (e.g. {@code stytch}); null for API keys
 * @param providerId the provider registration; null for API keys
 * @param userId     the mapped end-user id, as the provider names the user; null for API keys
 * @param email      null when the provider has none, and for API keys
 * @param sub        the JWT subject, or {@code api_key:<key id>}
 * @param sessionId  the provider session, when the token names one
 * @param keyId      the API key's id; null for end users
 * @param expiresAt  the token's expiry; null for API keys, which last until revoked
 * @param claims     all JWT claims; empty for API keys
 * @param ownerId    the RLS owner id: the provider's owner qualifier and {@code userId}, so equal user ids of two
 *                   providers are two owners; {@code userId} when identity sent none (older identity versions)
 */
public record PlatformPrincipal(TokenType tokenType, UUID projectId, String provider, UUID providerId, String userId,
                                String email, String sub, String sessionId, UUID keyId, Instant expiresAt,
                                Map<String, Object> claims, String ownerId) {

    public static final String ATTRIBUTE = PlatformPrincipal.class.getName();

    public enum TokenType {
        USER(PlatformRoles.USER), API_KEY(PlatformRoles.API_KEY);

        private final String role;

        TokenType(String role) {
            this.role = role;
        }

        public String role() {
            return role;
        }
    }

    public PlatformPrincipal {
        // Claims may hold JSON nulls, which Map.copyOf refuses.
        claims = claims == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(claims));
        ownerId = ownerId == null ? userId : ownerId;
    }

    /** A principal whose owner id is its user id (no provider qualifier). */
    public PlatformPrincipal(TokenType tokenType, UUID projectId, String provider, UUID providerId, String userId,
                             String email, String sub, String sessionId, UUID keyId, Instant expiresAt,
                             Map<String, Object> claims) {
        this(tokenType, projectId, provider, providerId, userId, email, sub, sessionId, keyId, expiresAt, claims, userId);
    }

    /**
     * The owner id of another id of this same user (a claim a service names as its user id): qualified
     * by provider exactly as {@link #ownerId()} qualifies {@link #userId()}.
     */
    public String ownerIdOf(String id) {
        String qualifier = userId != null && ownerId != null && ownerId.endsWith(userId)
                ? ownerId.substring(0, ownerId.length() - userId.length()) : "";
        return qualifier + id;
    }

    /** The security principal's name: the end user's id, or {@code api_key:<key id>}. */
    public String name() {
        return tokenType == TokenType.API_KEY ? "api_key:" + keyId : userId;
    }

    public boolean isApiKey() {
        return tokenType == TokenType.API_KEY;
    }

    /** The principal of an identity this library authenticated; empty for anonymous requests. */
    public static Optional<PlatformPrincipal> of(SecurityIdentity identity) {
        return identity == null ? Optional.empty() : Optional.ofNullable(identity.getAttribute(ATTRIBUTE));
    }
}
