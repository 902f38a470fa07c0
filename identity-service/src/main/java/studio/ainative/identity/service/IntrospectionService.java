package studio.ainative.identity.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import studio.ainative.identity.config.IdentityConfig;
import studio.ainative.identity.repository.ApiKeyRepository;
import studio.ainative.identity.repository.PrincipalStore;
import studio.ainative.identity.security.ApiKeys;
import studio.ainative.identity.service.IntrospectionOutcome.Active;
import studio.ainative.identity.service.IntrospectionOutcome.ApiKeyActive;
import studio.ainative.identity.service.IntrospectionOutcome.Inactive;
import studio.ainative.identity.verification.RejectionReason;
import studio.ainative.identity.verification.TokenRejectedException;
import studio.ainative.platform.web.ApiException;

/**
 * Who is calling, for a bearer token: an end user's JWT or a project API key.
 *
 * <p>JWT path, cheapest first: the in-process cache (no I/O); Redis (one round trip: the principal or a
 * remembered rejection); local verification, then a deny-list check and a cache write in Redis. When
 * Redis is unavailable every step that needs it is skipped and the answer is computed locally, with
 * this replica's copy of recent revocations.
 */
@ApplicationScoped
public class IntrospectionService {

    private final VerificationService verification;
    private final ProviderDirectory directory;
    private final PrincipalStore store;
    private final ApiKeyRepository apiKeys;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final Timer latency;
    private final Cache<String, Optional<ApiKeyActive>> apiKeyCache;
    private final ConcurrentHashMap<String, Counter> outcomes = new ConcurrentHashMap<>();
    /** Requests for the same digest that miss the in-process cache together share one lookup (per invalidation epoch). */
    private final SingleFlight<String, IntrospectionOutcome> lookups;
    /** Lookups started ahead of an in-process entry's expiry (see {@link #refreshAhead}). */
    private final Counter refreshes;

    public IntrospectionService(VerificationService verification, ProviderDirectory directory, PrincipalStore store,
                                ApiKeyRepository apiKeys, Clock clock, MeterRegistry metrics, IdentityConfig config) {
        this.verification = verification;
        this.directory = directory;
        this.store = store;
        this.apiKeys = apiKeys;
        this.clock = clock;
        this.metrics = metrics;
        this.latency = Timer.builder("identity_introspection_seconds")
                .description("time to answer an introspection or verification")
                .publishPercentileHistogram()
                .register(metrics);
        // Read on every API-key introspection: upkeep on the caller, as PrincipalStore's cache.
        this.apiKeyCache = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(config.cache().localTtl())
                .executor(Runnable::run).build();
        this.lookups = new SingleFlight<>(metrics.counter("identity_introspection_coalesced_total"), config.cache().maxRefreshes());
        this.refreshes = metrics.counter("identity_cache_refreshes_total");
    }

    public Uni<IntrospectionOutcome> introspect(String token, String projectHint) {
        long started = System.nanoTime();
        Query query = query(token, projectHint);
        if (query.known() != null) {
            record(started, query.known(), null);
            return Uni.createFrom().item(query.known());
        }
        return query.lookup().get().onItemOrFailure().invoke((result, failure) -> record(started, result, failure));
    }

    /**
     * The same, for a caller that is not itself reactive (the introspection route): an answer this
     * replica holds in memory goes straight to {@code onOutcome} on the calling thread, with no
     * reactive pipeline in between; only a lookup (Redis, verification, PostgreSQL) is subscribed to.
     */
    public void introspect(String token, String projectHint, Consumer<IntrospectionOutcome> onOutcome, Consumer<Throwable> onFailure) {
        long started = System.nanoTime();
        Query query = query(token, projectHint);
        if (query.known() != null) {
            record(started, query.known(), null);
            onOutcome.accept(query.known());
            return;
        }
        query.lookup().get().subscribe().with(outcome -> {
            record(started, outcome, null);
            try {
                onOutcome.accept(outcome);
            } catch (RuntimeException e) {
                onFailure.accept(e); // thrown here, Mutiny would only log it and the caller would never answer
            }
        }, failure -> {
            record(started, null, failure);
            onFailure.accept(failure);
        });
    }

    private void record(long started, IntrospectionOutcome result, Throwable failure) {
        latency.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        String tag = failure != null ? "error" : result instanceof Inactive inactive ? inactive.reason().tag() : "active";
        outcomes.computeIfAbsent(tag, t -> metrics.counter("identity_introspections_total", "outcome", t)).increment();
    }

    /** Forgets cached API keys on this replica (a key was revoked here or elsewhere). */
    public void forgetApiKeys() {
        apiKeyCache.invalidateAll();
    }

    /**
     * A token looked up in this replica's memory: {@code known} is the answer when it was there;
     * otherwise {@code lookup} finds it (Redis, verification, PostgreSQL) when subscribed to.
     */
    private record Query(IntrospectionOutcome known, Supplier<Uni<IntrospectionOutcome>> lookup) {

        static Query answered(IntrospectionOutcome outcome) {
            return new Query(outcome, null);
        }

        static Query pending(Supplier<Uni<IntrospectionOutcome>> lookup) {
            return new Query(null, lookup);
        }
    }

    private Query query(String token, String projectHint) {
        return token.startsWith(ApiKeys.PREFIX) ? apiKey(token) : jwt(token, projectHint);
    }

    private Query jwt(String token, String projectHint) {
        String digest = Digests.sha256Hex(token, projectHint == null ? "" : projectHint.strip());
        Optional<PrincipalStore.LocalHit> local = store.local(digest);
        if (local.isPresent()) {
            if (local.get().refreshDue()) {
                refreshAhead(token, projectHint, digest);
            }
            return Query.answered(fresh(local.get().outcome()));
        }
        // Keyed by the invalidation epoch too: a request that arrives after a revocation or provider
        // change never joins a lookup that started before it.
        return Query.pending(() -> lookups.run(store.epoch() + ":" + digest, () -> lookup(token, projectHint, digest)));
    }

    /**
     * The same lookup a miss would run, started while the entry is still valid and not waited for:
     * its result replaces the entry (or is dropped if an invalidation came in between). The entry
     * itself is answered no longer than it would have been without this.
     */
    private void refreshAhead(String token, String projectHint, String digest) {
        if (lookups.startIfIdle(store.epoch() + ":" + digest, () -> lookup(token, projectHint, digest))) {
            refreshes.increment();
        }
    }

    /** Redis, then local verification: one round trip when the principal or a rejection is cached there. */
    private Uni<IntrospectionOutcome> lookup(String token, String projectHint, String digest) {
        long epoch = store.epoch();
        return store.shared(digest).chain(shared -> {
            if (shared.isPresent() && shared.get() instanceof Inactive inactive) {
                store.putLocal(digest, inactive, epoch);
                return Uni.createFrom().item(inactive);
            }
            if (shared.isPresent() && shared.get() instanceof Active active && active.expiresAt() > clock.instant().getEpochSecond()) {
                return stillRegistered(active).chain(current -> {
                    if (current) {
                        store.putLocal(digest, active, epoch);
                        return Uni.createFrom().item((IntrospectionOutcome) active);
                    }
                    return verifyAndCache(token, projectHint, digest, epoch);
                });
            }
            return verifyAndCache(token, projectHint, digest, epoch);
        });
    }

    private Uni<IntrospectionOutcome> verifyAndCache(String token, String projectHint, String digest, long epoch) {
        return verification.verify(token, projectHint)
                .map(IntrospectionService::toActive)
                .chain(active -> store.isDenied(active).chain(denied -> {
                    if (denied) {
                        return remember(digest, RejectionReason.REVOKED, epoch);
                    }
                    return store.putShared(digest, active).chain(written -> {
                        if (!written) {
                            return remember(digest, RejectionReason.REVOKED, epoch);
                        }
                        store.putLocal(digest, active, epoch);
                        return Uni.createFrom().item((IntrospectionOutcome) active);
                    });
                }))
                .onFailure(TokenRejectedException.class)
                .recoverWithUni(e -> remember(digest, ((TokenRejectedException) e).reason(), epoch));
    }

    /** Remembers a rejection, except the ones that may change on their own soon. */
    private Uni<IntrospectionOutcome> remember(String digest, RejectionReason reason, long epoch) {
        Inactive inactive = new Inactive(reason);
        boolean cacheable = reason != RejectionReason.KEYS_UNAVAILABLE && reason != RejectionReason.ISSUER_NOT_REGISTERED
                && reason != RejectionReason.NOT_YET_VALID;
        if (!cacheable) {
            return Uni.createFrom().item(inactive);
        }
        store.putLocal(digest, inactive, epoch);
        return store.putNegative(digest, reason).replaceWith(inactive);
    }

    /** A cached principal counts only while its provider registration is unchanged. */
    private Uni<Boolean> stillRegistered(Active active) {
        return directory.byIssuer(active.issuer()).map(providers -> providers.stream().anyMatch(p ->
                p.id().equals(active.providerId()) && VerificationService.version(p) == active.providerVersion()));
    }

    /** An entry may outlive its token by less than the local TTL; never answer active past exp. */
    private IntrospectionOutcome fresh(IntrospectionOutcome outcome) {
        if (outcome instanceof Active active && active.expiresAt() <= clock.instant().getEpochSecond()) {
            return new Inactive(RejectionReason.EXPIRED);
        }
        return outcome;
    }

    private Query apiKey(String key) {
        if (!ApiKeys.looksLikeKey(key)) {
            return Query.answered(new Inactive(RejectionReason.INVALID));
        }
        byte[] hash = ApiKeys.hash(key);
        String digest = HexFormat.of().formatHex(hash);
        Optional<ApiKeyActive> cached = apiKeyCache.getIfPresent(digest);
        if (cached != null) {
            return Query.answered(cached.<IntrospectionOutcome>map(a -> a).orElse(new Inactive(RejectionReason.INVALID)));
        }
        return Query.pending(() -> apiKeys.findActiveByHash(hash).map(found -> {
            Optional<ApiKeyActive> result = Optional.ofNullable(found).map(k -> new ApiKeyActive(new JsonObject()
                    .put("active", true).put("token_type", "api_key").put("project_id", k.projectId().toString())
                    .put("key_id", k.id().toString()).put("sub", "api_key:" + k.id()).toBuffer().getBytes(), k.projectId(), k.id()));
            apiKeyCache.put(digest, result);
            return result.<IntrospectionOutcome>map(a -> a).orElse(new Inactive(RejectionReason.INVALID));
        }));
    }

    static Active toActive(VerifiedPrincipal p) {
        JsonObject body = new JsonObject()
                .put("active", true)
                .put("token_type", "user")
                .put("project_id", p.projectId().toString())
                .put("provider", p.provider())
                .put("provider_id", p.providerId().toString())
                .put("user_id", p.userId())
                .put("owner_id", p.ownerId())
                .put("email", p.email())
                .put("sub", p.sub())
                .put("iss", p.issuer())
                .put("aud", new JsonArray(p.audience()))
                .put("exp", p.expiresAt().getEpochSecond())
                .put("iat", p.issuedAt() == null ? null : p.issuedAt().getEpochSecond())
                .put("session_id", p.sessionId())
                .put("claims", new JsonObject(new HashMap<>(p.claims())));
        return new Active(body.toBuffer().getBytes(), p.tokenId(), p.projectId(), p.providerId(), p.providerVersion(), p.provider(), p.sessionId(),
                p.userId(), p.email(), p.expiresAt().getEpochSecond(), p.issuedAt() == null ? null : p.issuedAt().getEpochSecond(),
                p.issuer(), p.ownerId());
    }

    /** The principal's project must be the one the caller named (403 otherwise). */
    public static void requireProject(IntrospectionOutcome outcome, String projectHint) {
        UUID project = null;
        if (outcome instanceof Active a) {
            project = a.projectId();
        } else if (outcome instanceof ApiKeyActive k) {
            project = k.projectId();
        }
        if (project != null && ProjectHint.namesOther(projectHint, project)) {
            throw new ApiException(403, "project_mismatch", "the token belongs to another project than X-Project-ID names");
        }
    }
}
