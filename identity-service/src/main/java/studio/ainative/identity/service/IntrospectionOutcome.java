package studio.ainative.identity.service;

import io.vertx.core.json.JsonObject;
import java.util.UUID;
import studio.ainative.identity.verification.RejectionReason;

/** What introspection found: an active principal (its RFC 7662 body) or an inactive token and why. */
public sealed interface IntrospectionOutcome {

    /**
     * @param body the RFC 7662 response members, as returned to callers
     * @param tokenId SHA-256 of the JWT's signing input (header.payload): the token's identity for
     *                revocation, immune to signature re-encoding (ECDSA malleability)
     */
    record Active(JsonObject body, String tokenId, UUID projectId, UUID providerId, long providerVersion,
                  String sessionId, String userId, long expiresAt, Long issuedAt, String issuer) implements IntrospectionOutcome {

        public static final String PROVIDER_VERSION = "_pv";
        public static final String TOKEN_ID = "_tid";

        /** The form kept in Redis: the body plus the two internal members needed to re-check it. */
        public String toCacheJson() {
            return body.copy().put(PROVIDER_VERSION, providerVersion).put(TOKEN_ID, tokenId).encode();
        }

        public static Active fromCacheJson(String json) {
            JsonObject all = new JsonObject(json);
            long version = all.getLong(PROVIDER_VERSION);
            String tokenId = all.getString(TOKEN_ID);
            JsonObject body = all.copy();
            body.remove(PROVIDER_VERSION);
            body.remove(TOKEN_ID);
            return new Active(body, tokenId, UUID.fromString(body.getString("project_id")),
                    UUID.fromString(body.getString("provider_id")), version, body.getString("session_id"),
                    body.getString("user_id"), body.getLong("exp"), body.getLong("iat"), body.getString("iss"));
        }
    }

    /** A valid project API key. */
    record ApiKeyActive(JsonObject body, UUID projectId, UUID keyId) implements IntrospectionOutcome {
    }

    record Inactive(RejectionReason reason) implements IntrospectionOutcome {
    }
}
