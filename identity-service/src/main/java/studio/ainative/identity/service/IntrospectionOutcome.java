package studio.ainative.identity.service;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import java.util.UUID;
import studio.ainative.identity.verification.RejectionReason;

/** What introspection found: an active principal (its RFC 7662 body) or an inactive token and why. */
public sealed interface IntrospectionOutcome {

    /**
     * An end user's verified token. The RFC 7662 body is kept encoded, exactly as it is answered and as
     * it is stored in Redis, so a cache hit costs no JSON work on the body (which holds every claim).
     *
     * @param body the RFC 7662 response members, encoded as returned to callers
     * @param tokenId SHA-256 of the JWT's signing input (header.payload): the token's identity for
     *                revocation, immune to signature re-encoding (ECDSA malleability)
     */
    record Active(String body, String tokenId, UUID projectId, UUID providerId, long providerVersion, String provider,
                  String sessionId, String userId, String email, long expiresAt, Long issuedAt, String issuer)
            implements IntrospectionOutcome {

        /** Version of the Redis form; an entry of another version is a miss (rolling upgrades re-verify). */
        static final int CACHE_FORMAT = 1;

        /**
         * The form kept in Redis: one line of JSON with what re-checking the entry needs, a newline,
         * then the body verbatim (JSON encoding escapes newlines inside strings, so the first one splits).
         */
        public String toCacheValue() {
            JsonObject header = new JsonObject()
                    .put("v", CACHE_FORMAT)
                    .put("tid", tokenId)
                    .put("project", projectId.toString())
                    .put("pid", providerId.toString())
                    .put("pv", providerVersion)
                    .put("provider", provider)
                    .put("sid", sessionId)
                    .put("uid", userId)
                    .put("email", email)
                    .put("exp", expiresAt)
                    .put("iat", issuedAt)
                    .put("iss", issuer);
            return header.encode() + "\n" + body;
        }

        /** Empty when the value is not in this version's form. */
        public static Optional<Active> fromCacheValue(String value) {
            int split = value.indexOf('\n');
            if (split < 0) {
                return Optional.empty();
            }
            try {
                JsonObject h = new JsonObject(value.substring(0, split));
                if (h.getInteger("v", 0) != CACHE_FORMAT) {
                    return Optional.empty();
                }
                return Optional.of(new Active(value.substring(split + 1), h.getString("tid"), UUID.fromString(h.getString("project")),
                        UUID.fromString(h.getString("pid")), h.getLong("pv"), h.getString("provider"), h.getString("sid"),
                        h.getString("uid"), h.getString("email"), h.getLong("exp"), h.getLong("iat"), h.getString("iss")));
            } catch (DecodeException | ClassCastException | IllegalArgumentException | NullPointerException e) {
                return Optional.empty();
            }
        }
    }

    /** A valid project API key; {@code body} is the encoded RFC 7662 answer. */
    record ApiKeyActive(String body, UUID projectId, UUID keyId) implements IntrospectionOutcome {
    }

    record Inactive(RejectionReason reason) implements IntrospectionOutcome {
    }
}
