package studio.ainative.identity.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import studio.ainative.identity.Provider;
import studio.ainative.identity.config.IdentityConfig;
import studio.ainative.identity.repository.AuditRepository;
import studio.ainative.identity.repository.InvalidationEvent;
import studio.ainative.identity.repository.PrincipalStore;
import studio.ainative.identity.repository.ProviderRepository;
import studio.ainative.identity.repository.RevocationRateLimiter;
import studio.ainative.identity.client.RedisGate;
import studio.ainative.identity.security.ApiKeyCaller;
import studio.ainative.identity.service.IntrospectionOutcome.Active;
import studio.ainative.platform.web.ApiException;

/**
 * Revocation of tokens, sessions and users. Deny entries live in Redis until every token they cover
 * could have expired anyway; every read of a cached principal checks them, and every replica drops
 * its in-process copies on the broadcast. Without Redis a revocation cannot be made to hold across
 * replicas, so it is refused (503) rather than half-applied. Each project's revocations are rate-limited
 * across replicas (429 {@code rate_limited}), checked before anything is looked up or applied.
 */
@ApplicationScoped
public class RevocationService {

    /** What a revocation covered. */
    public record Revoked(String scope, boolean applied) {
    }

    private final PrincipalStore store;
    private final ProviderRepository providers;
    private final IntrospectionService introspection;
    private final AuditRepository audit;
    private final Pool pool;
    private final Clock clock;
    private final IdentityConfig config;
    private final RevocationRateLimiter limiter;
    private final Counter rateLimited;

    public RevocationService(PrincipalStore store, ProviderRepository providers, IntrospectionService introspection,
                             AuditRepository audit, Pool pool, Clock clock, IdentityConfig config, RevocationRateLimiter limiter,
                             MeterRegistry metrics) {
        this.limiter = limiter;
        this.rateLimited = metrics.counter("identity.revocations.rate.limited");
        this.store = store;
        this.providers = providers;
        this.introspection = introspection;
        this.audit = audit;
        this.pool = pool;
        this.clock = clock;
        this.config = config;
    }

    /** An end user revokes the token it presents, or its whole session. */
    public Uni<Revoked> revokeOwn(Active principal, boolean wholeSession) {
        String actor = "user:" + principal.userId();
        if (wholeSession) {
            if (principal.sessionId() == null) {
                return Uni.createFrom().failure(ApiException.badRequest("no_session", "this token names no session"));
            }
            return limited(principal.projectId(), () -> session(principal.projectId(), principal.sessionId(), actor));
        }
        return limited(principal.projectId(), () -> token(principal, actor));
    }

    /** An API key revokes, within its project, one token (if it is a valid token of the project). */
    public Uni<Revoked> revokeToken(ApiKeyCaller caller, String token) {
        return limited(caller.projectId(), () -> introspection.introspect(token, caller.projectId().toString()).chain(outcome -> {
            if (outcome instanceof Active active && active.projectId().equals(caller.projectId())) {
                return token(active, caller.actor());
            }
            // Invalid, expired or another project's token: nothing of ours to revoke (RFC 7009 answers 200 too).
            return Uni.createFrom().item(new Revoked("token", false));
        }));
    }

    public Uni<Revoked> revokeSession(ApiKeyCaller caller, String sessionId) {
        String session = bounded("session_id", sessionId);
        return limited(caller.projectId(), () -> session(caller.projectId(), session, caller.actor()));
    }

    /**
     * Every token of the user issued up to now (their {@code iat} ≤ now) stops working: the user of
     * {@code providerId}, or without it the user of that id in each of the project's providers (users
     * of different providers are different owners, revoked one by one).
     */
    public Uni<Revoked> revokeUser(ApiKeyCaller caller, String userId, String providerId) {
        String user = bounded("user_id", userId);
        UUID onlyProvider = providerId == null ? null : providerId(providerId);
        return limited(caller.projectId(), () -> providers.list(caller.projectId()).chain(all -> {
            List<Provider> chosen = onlyProvider == null ? all : all.stream().filter(p -> p.id().equals(onlyProvider)).toList();
            if (onlyProvider != null && chosen.isEmpty()) {
                throw ApiException.badRequest("invalid_request", "provider_id names no provider of this project");
            }
            // No provider (left) in the project: the unqualified id is the only owner it can have had.
            List<String> owners = chosen.isEmpty() ? List.of(user) : chosen.stream().map(p -> p.ownerId(user)).distinct().toList();
            long now = clock.instant().getEpochSecond();
            Uni<Revoked> done = Uni.createFrom().item(new Revoked("user", true));
            for (String owner : owners) {
                InvalidationEvent event = InvalidationEvent.user(caller.projectId().toString(), owner, now, now + lifetime());
                done = done.call(() -> apply(event, lifetime(), caller.projectId(), caller.actor(), "user.revoked", "user", owner, "user"));
            }
            return done;
        }));
    }

    private Uni<Revoked> token(Active principal, String actor) {
        long ttl = Math.max(1, principal.expiresAt() - clock.instant().getEpochSecond() + config.tokens().maxClockSkewSeconds());
        InvalidationEvent event = InvalidationEvent.token(principal.projectId().toString(), principal.tokenId(), principal.expiresAt());
        return apply(event, ttl, principal.projectId(), actor, "token.revoked", "token", principal.tokenId(), "token");
    }

    private Uni<Revoked> session(UUID projectId, String sessionId, String actor) {
        long now = clock.instant().getEpochSecond();
        InvalidationEvent event = InvalidationEvent.session(projectId.toString(), sessionId, now + lifetime());
        return apply(event, lifetime(), projectId, actor, "session.revoked", "session", sessionId, "session");
    }

    private Uni<Revoked> apply(InvalidationEvent event, long denyTtl, UUID projectId, String actor, String action,
                               String targetType, String targetId, String scope) {
        return store.revoke(event, denyTtl)
                .onFailure(RedisGate.RedisUnavailableException.class).transform(RevocationService::unavailable)
                .call(() -> pool.withTransaction(tx -> audit.append(tx, projectId, actor, action, targetType, targetId,
                        Map.of("deny_seconds", denyTtl))))
                .map(nothing -> new Revoked(scope, true));
    }

    /** Runs the revocation only within the project's budget; nothing is looked up or applied beyond it. */
    private Uni<Revoked> limited(UUID projectId, Supplier<Uni<Revoked>> revocation) {
        return limiter.take(projectId)
                .onFailure(RedisGate.RedisUnavailableException.class).transform(RevocationService::unavailable)
                .chain(wait -> {
                    if (wait.isZero()) {
                        return revocation.get();
                    }
                    rateLimited.increment();
                    return Uni.createFrom().failure(ApiException.tooManyRequests("rate_limited",
                            "too many revocations for this project; retry later", (int) Math.max(1, (wait.toMillis() + 999) / 1000)));
                });
    }

    private static ApiException unavailable(Throwable cause) {
        return new ApiException(503, "revocation_unavailable", "revocation is temporarily unavailable; retry shortly");
    }

    private long lifetime() {
        return config.revocation().maxTokenLifetime().toSeconds();
    }

    private static UUID providerId(String value) {
        try {
            return UUID.fromString(value.strip());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_request", "provider_id must be a provider id (UUID)");
        }
    }

    private static String bounded(String field, String value) {
        if (value == null || value.isBlank() || value.length() > 256) {
            throw ApiException.badRequest("invalid_request", field + " must be 1..256 characters");
        }
        return value;
    }
}
