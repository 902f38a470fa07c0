package studio.ainative.identity.repository;

import io.vertx.core.json.JsonObject;

/**
 * Broadcast to every replica through Redis pub/sub whenever cached principals must go at once:
 * a revoked token, session or user, a changed or deleted provider, a revoked API key. For a user,
 * {@code userId} is the owner id (the provider's owner qualifier and the user id).
 */
public record InvalidationEvent(String type, String tokenId, String projectId, String sessionId, String userId,
                                Long revokedBefore, String providerId, String issuer, String apiKeyHash, long expiresAt) {

    public static final String TOKEN = "token";
    public static final String SESSION = "session";
    public static final String USER = "user";
    public static final String PROVIDER = "provider";
    public static final String API_KEY = "api_key";

    /** The project only places the entry in the replicas' local deny lists; the token id alone identifies it. */
    public static InvalidationEvent token(String projectId, String tokenId, long expiresAt) {
        return new InvalidationEvent(TOKEN, tokenId, projectId, null, null, null, null, null, null, expiresAt);
    }

    public static InvalidationEvent session(String projectId, String sessionId, long expiresAt) {
        return new InvalidationEvent(SESSION, null, projectId, sessionId, null, null, null, null, null, expiresAt);
    }

    public static InvalidationEvent user(String projectId, String ownerId, long revokedBefore, long expiresAt) {
        return new InvalidationEvent(USER, null, projectId, null, ownerId, revokedBefore, null, null, null, expiresAt);
    }

    public static InvalidationEvent provider(String providerId, String issuer) {
        return new InvalidationEvent(PROVIDER, null, null, null, null, null, providerId, issuer, null, 0);
    }

    public static InvalidationEvent apiKey(String apiKeyHash) {
        return new InvalidationEvent(API_KEY, null, null, null, null, null, null, null, apiKeyHash, 0);
    }

    public String encode() {
        return JsonObject.mapFrom(this).encode();
    }

    public static InvalidationEvent decode(String json) {
        return new JsonObject(json).mapTo(InvalidationEvent.class);
    }
}
