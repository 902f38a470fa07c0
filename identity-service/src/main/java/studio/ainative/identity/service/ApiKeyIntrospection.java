package studio.ainative.identity.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HexFormat;
import java.util.Optional;
import studio.ainative.identity.config.IdentityConfig;
import studio.ainative.identity.repository.ApiKeyRepository;
import studio.ainative.identity.security.ApiKeys;
import studio.ainative.identity.service.IntrospectionOutcome.ApiKeyActive;
import studio.ainative.identity.service.IntrospectionOutcome.Inactive;
import studio.ainative.identity.verification.RejectionReason;

/**
 * Who a project API key belongs to: an in-process cache of {@code identity.cache.local-ttl} in front of
 * PostgreSQL, keyed by the key's hash (never the key). A revocation anywhere empties it on every replica
 * ({@link #forget}), so a revoked key stops working at once.
 */
@ApplicationScoped
public class ApiKeyIntrospection {

    private final ApiKeyRepository apiKeys;
    private final Cache<String, Optional<ApiKeyActive>> cache;

    public ApiKeyIntrospection(ApiKeyRepository apiKeys, IdentityConfig config) {
        this.apiKeys = apiKeys;
        // Read on every API-key introspection: upkeep on the caller, as PrincipalStore's cache.
        this.cache = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(config.cache().localTtl())
                .executor(Runnable::run).build();
    }

    IntrospectionQuery query(String key) {
        if (!ApiKeys.looksLikeKey(key)) {
            return IntrospectionQuery.answered(new Inactive(RejectionReason.INVALID));
        }
        byte[] hash = ApiKeys.hash(key);
        String digest = HexFormat.of().formatHex(hash);
        Optional<ApiKeyActive> cached = cache.getIfPresent(digest);
        if (cached != null) {
            return IntrospectionQuery.answered(cached.<IntrospectionOutcome>map(a -> a).orElse(new Inactive(RejectionReason.INVALID)));
        }
        return IntrospectionQuery.pending(() -> apiKeys.findActiveByHash(hash).map(found -> {
            Optional<ApiKeyActive> result = Optional.ofNullable(found).map(k -> new ApiKeyActive(new JsonObject()
                    .put("active", true).put("token_type", "api_key").put("project_id", k.projectId().toString())
                    .put("key_id", k.id().toString()).put("sub", "api_key:" + k.id()).toBuffer().getBytes(), k.projectId(), k.id()));
            cache.put(digest, result);
            return result.<IntrospectionOutcome>map(a -> a).orElse(new Inactive(RejectionReason.INVALID));
        }));
    }

    /** Forgets cached API keys on this replica (a key was revoked here or elsewhere). */
    public void forget() {
        cache.invalidateAll();
    }
}
