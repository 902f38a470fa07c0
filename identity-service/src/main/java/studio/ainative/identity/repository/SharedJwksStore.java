package studio.ainative.identity.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import studio.ainative.identity.client.RedisGate;
import studio.ainative.identity.config.IdentityConfig;

/**
 * The JWKS documents replicas share through Redis, so N replicas cost an IdP the traffic of one:
 * {@code jwks:<provider>} holds the last good document, {@code jwks:lock:<provider>} lets one replica
 * fetch while the others wait for its result, and {@code jwks:fruitless:<provider>} makes the limit on
 * refetches for unknown kids hold cluster-wide. The document is sealed by {@link CacheIntegrity}: a copy
 * identity did not write never replaces a provider's keys. Redis down: each replica falls back to its own fetches.
 */
@ApplicationScoped
public class SharedJwksStore {

    /** A JWKS document as fetched from the provider (already validated by the replica that fetched it). */
    public record Document(String jwksUri, String body, Instant fetchedAt, Instant freshUntil) {
    }

    /** Version of the sealed form of {@code jwks:<provider>}. */
    static final int FORMAT = 1;

    private final RedisGate redis;
    private final CacheIntegrity integrity;
    private final IdentityConfig.Jwks config;

    public SharedJwksStore(RedisGate redis, CacheIntegrity integrity, IdentityConfig config) {
        this.redis = redis;
        this.integrity = integrity;
        this.config = config.jwks();
    }

    /** The shared copy; empty when there is none, or it is not one identity sealed (then the keys are fetched again). */
    public Uni<Optional<Document>> read(UUID providerId) {
        String key = redis.key("jwks", providerId.toString());
        return redis.attempt("jwks-read", api -> api.get(key))
                .map(r -> r.flatMap(response -> integrity.open(CacheIntegrity.Kind.JWKS, key, FORMAT, response.toString()))
                        .flatMap(SharedJwksStore::decode));
    }

    public Uni<Void> write(UUID providerId, Document document) {
        String key = redis.key("jwks", providerId.toString());
        String json = new JsonObject().put("jwks_uri", document.jwksUri()).put("body", document.body())
                .put("fetched_at", document.fetchedAt().toEpochMilli())
                .put("fresh_until", document.freshUntil().toEpochMilli()).encode();
        return redis.attempt("jwks-write", api -> api.set(List.of(key, integrity.seal(key, FORMAT, json),
                        "PX", Long.toString(config.maxStale().toMillis()))))
                .replaceWithVoid();
    }

    private static Optional<Document> decode(String json) {
        try {
            JsonObject doc = new JsonObject(json);
            return Optional.of(new Document(doc.getString("jwks_uri"), doc.getString("body"),
                    Instant.ofEpochMilli(doc.getLong("fetched_at")), Instant.ofEpochMilli(doc.getLong("fresh_until"))));
        } catch (DecodeException | ClassCastException | NullPointerException e) {
            return Optional.empty();
        }
    }

    /** True when this replica may fetch now: it holds the lock, or Redis is unavailable (fetch alone). */
    public Uni<Boolean> tryLock(UUID providerId) {
        long lockMillis = config.connectTimeout().plus(config.readTimeout()).toMillis() + 1000;
        return redis.attempt("jwks-lock", api -> api.set(List.of(redis.key("jwks", "lock", providerId.toString()), "1",
                        "NX", "PX", Long.toString(lockMillis))))
                .map(r -> r.map(response -> response != null && "OK".equals(response.toString())).orElse(true));
    }

    public Uni<Void> unlock(UUID providerId) {
        return redis.attempt("jwks-unlock", api -> api.del(List.of(redis.key("jwks", "lock", providerId.toString()))))
                .replaceWithVoid();
    }

    /** True when some replica's refetch for an unknown kid came back without it within the interval. */
    public Uni<Boolean> recentlyFruitless(UUID providerId) {
        return redis.attempt("jwks-fruitless", api -> api.exists(List.of(redis.key("jwks", "fruitless", providerId.toString()))))
                .map(r -> r.map(Response::toInteger).orElse(0) == 1);
    }

    public Uni<Void> markFruitless(UUID providerId) {
        return redis.attempt("jwks-fruitless", api -> api.set(List.of(redis.key("jwks", "fruitless", providerId.toString()), "1",
                        "PX", Long.toString(config.forcedRefetchInterval().toMillis()))))
                .replaceWithVoid();
    }

    public Uni<Void> forget(UUID providerId) {
        return redis.attempt("jwks-forget", api -> api.del(List.of(redis.key("jwks", providerId.toString()),
                        redis.key("jwks", "fruitless", providerId.toString()))))
                .replaceWithVoid();
    }
}
