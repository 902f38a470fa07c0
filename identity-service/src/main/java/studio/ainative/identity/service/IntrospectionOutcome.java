package studio.ainative.identity.service;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import studio.ainative.identity.verification.RejectionReason;

/** What introspection found: an active principal (its RFC 7662 body) or an inactive token and why. */
public sealed interface IntrospectionOutcome {

    /**
     * An end user's verified token. The RFC 7662 body is kept encoded, exactly as it is answered and as
     * it is stored in Redis, so a cache hit costs no JSON work on the body (which holds every claim).
     *
     * @param encoded the RFC 7662 response members, encoded (UTF-8) as returned to callers ({@link #body()}): answered
     *                as these very bytes, so a cache hit encodes nothing. Never modified once built.
     * @param verifyAnswer the body of {@code GET /api/v1/auth/verify} for this principal ({@link VerifyAnswers#valid}),
     *                     built on its first use and then answered as these bytes; null (every caller's case) builds it
     *                     from the fields below
     * @param tokenId SHA-256 of the JWT's signing input (header.payload): the token's identity for
     *                revocation, immune to signature re-encoding (ECDSA malleability)
     * @param ownerId the provider's owner qualifier and the user id: the key of user revocations and the RLS owner
     */
    record Active(Body encoded, Body verifyAnswer, String tokenId, UUID projectId, UUID providerId, long providerVersion,
                  String provider, String sessionId, String userId, String email, long expiresAt, Long issuedAt, String issuer,
                  String ownerId)
            implements IntrospectionOutcome {

        public Active {
            if (verifyAnswer == null) {
                verifyAnswer = Body.lazy(() -> VerifyAnswers.valid(provider, userId, email, projectId, expiresAt));
            }
        }

        /** An active principal whose body may be built later (see {@link Body#lazy}). */
        public Active(Body encoded, String tokenId, UUID projectId, UUID providerId, long providerVersion, String provider,
                      String sessionId, String userId, String email, long expiresAt, Long issuedAt, String issuer, String ownerId) {
            this(encoded, null, tokenId, projectId, providerId, providerVersion, provider, sessionId, userId, email, expiresAt,
                    issuedAt, issuer, ownerId);
        }

        /** An active principal whose body is already encoded (read from Redis, or a test's). */
        public Active(byte[] body, String tokenId, UUID projectId, UUID providerId, long providerVersion, String provider,
                      String sessionId, String userId, String email, long expiresAt, Long issuedAt, String issuer, String ownerId) {
            this(Body.of(body), tokenId, projectId, providerId, providerVersion, provider, sessionId, userId, email, expiresAt,
                    issuedAt, issuer, ownerId);
        }

        /** The encoded RFC 7662 body; built on the first call when the principal was just verified. */
        public byte[] body() {
            return encoded.bytes();
        }

        /**
         * Version of the Redis form; an entry of another version is a miss (rolling upgrades re-verify).
         * 2: sealed with identity's MAC (CacheIntegrity), bound to this version; 3: owner ids; 4: no longer indexed
         * for deletion by revocations, refused at read by the deny entries instead (a release that reads 3 does not
         * check them, so it must not read what this one writes).
         */
        public static final int CACHE_FORMAT = 4;

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
                    .put("iss", issuer)
                    .put("oid", ownerId);
            return header.encode() + "\n" + new String(body(), StandardCharsets.UTF_8);
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
                return Optional.of(new Active(value.substring(split + 1).getBytes(StandardCharsets.UTF_8), h.getString("tid"), UUID.fromString(h.getString("project")),
                        UUID.fromString(h.getString("pid")), h.getLong("pv"), h.getString("provider"), h.getString("sid"),
                        h.getString("uid"), h.getString("email"), h.getLong("exp"), h.getLong("iat"), h.getString("iss"),
                        Objects.requireNonNull(h.getString("oid"))));
            } catch (DecodeException | ClassCastException | IllegalArgumentException | NullPointerException e) {
                return Optional.empty();
            }
        }

        // The body is an array: equality by content, and no claims in toString (logs).

        @Override
        public boolean equals(Object o) {
            return o instanceof Active a && Arrays.equals(body(), a.body()) && tokenId.equals(a.tokenId) && projectId.equals(a.projectId)
                    && providerId.equals(a.providerId) && providerVersion == a.providerVersion && provider.equals(a.provider)
                    && Objects.equals(sessionId, a.sessionId) && Objects.equals(userId, a.userId) && Objects.equals(email, a.email)
                    && expiresAt == a.expiresAt && Objects.equals(issuedAt, a.issuedAt) && Objects.equals(issuer, a.issuer)
                    && Objects.equals(ownerId, a.ownerId);
        }

        @Override
        public int hashCode() {
            return 31 * tokenId.hashCode() + Arrays.hashCode(body());
        }

        @Override
        public String toString() {
            return "Active[project=" + projectId + ", provider=" + providerId + ", user=" + userId + ", exp=" + expiresAt + "]";
        }
    }

    /**
     * An encoded body, built once: a principal's RFC 7662 body at once when read from Redis and on first use when the
     * principal was just verified ({@code /verify} answers with its own, smaller body, so on a token's first sighting,
     * which caches it nowhere, the claims are never written as JSON); its {@code /verify} answer on first use.
     */
    final class Body {

        private Supplier<byte[]> source;
        /** Read without the lock once set: a cached principal's body is read on every introspection answered from memory. */
        private volatile byte[] bytes;

        private Body(Supplier<byte[]> source, byte[] bytes) {
            this.source = source;
            this.bytes = bytes;
        }

        public static Body of(byte[] bytes) {
            return new Body(null, Objects.requireNonNull(bytes));
        }

        /** Built by {@code source} on the first call of {@link #bytes()}, then kept (the source is dropped). */
        public static Body lazy(Supplier<byte[]> source) {
            return new Body(Objects.requireNonNull(source), null);
        }

        /** The same array on every call; thread-safe (a principal may be answered on several event loops at once). */
        public byte[] bytes() {
            byte[] built = bytes;
            if (built != null) {
                return built;
            }
            synchronized (this) {
                if (bytes == null) {
                    bytes = source.get();
                    source = null;
                }
                return bytes;
            }
        }
    }

    /** A valid project API key; {@code body} is the encoded RFC 7662 answer (UTF-8), never modified once built. */
    record ApiKeyActive(byte[] body, UUID projectId, UUID keyId) implements IntrospectionOutcome {

        @Override
        public boolean equals(Object o) {
            return o instanceof ApiKeyActive a && Arrays.equals(body, a.body) && projectId.equals(a.projectId) && keyId.equals(a.keyId);
        }

        @Override
        public int hashCode() {
            return keyId.hashCode();
        }

        @Override
        public String toString() {
            return "ApiKeyActive[project=" + projectId + ", key=" + keyId + "]";
        }
    }

    record Inactive(RejectionReason reason) implements IntrospectionOutcome {
    }
}
