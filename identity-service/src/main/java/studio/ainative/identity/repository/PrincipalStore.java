package studio.ainative.identity.repository;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;
import studio.ainative.identity.client.RedisGate;
import studio.ainative.identity.config.IdentityConfig;
import studio.ainative.identity.service.IntrospectionOutcome;
import studio.ainative.identity.service.IntrospectionOutcome.Active;
import studio.ainative.identity.service.IntrospectionOutcome.Inactive;
import studio.ainative.identity.service.Revocable;
import studio.ainative.identity.verification.RejectionReason;

/**
 * Cached introspection outcomes: an in-process cache of a few seconds in front of Redis.
 *
 * <p>Redis layout (prefix {@code identity.redis.key-prefix}); tokens are never stored, only SHA-256 digests:
 * <ul>
 *   <li>{@code p:<digest>} an active principal, TTL ≤ exp − now and ≤ principal-max-ttl;
 *       {@code n:<digest>} a rejection reason, TTL negative-ttl;</li>
 *   <li>{@code d:t:<token id>}, {@code d:s:<project>:<session>}, {@code d:u:<project>:<owner id>} (value:
 *       revoked-before, epoch seconds): the deny list, kept until the tokens could have expired anyway.</li>
 * </ul>
 * A revocation writes its deny entry; it deletes nothing. Every read of a cached principal fetches the deny entries
 * that would cover it in the same {@code MGET} ({@link #lookup}), and the write of a principal checks them in the same
 * script ({@link #WRITE_SCRIPT}), so a principal cached before a revocation is refused from the moment the revocation
 * reached Redis, and one verified just before it is never cached. A provider change is caught by the version a cached
 * principal carries. Replicas drop their in-process entries on the pub/sub event.
 */
@ApplicationScoped
public class PrincipalStore {

    private static final Logger LOG = Logger.getLogger(PrincipalStore.class);

    /**
     * KEYS: principal, deny token, deny session, deny user. ARGV: value, ttl, iat, the placeholder key used where a
     * token has no session. Returns 'denied' or 'ok'.
     */
    static final String WRITE_SCRIPT = """
            if redis.call('EXISTS', KEYS[2]) == 1 then return 'denied' end
            if KEYS[3] ~= ARGV[4] and redis.call('EXISTS', KEYS[3]) == 1 then return 'denied' end
            local before = redis.call('GET', KEYS[4])
            if before and (ARGV[3] == '' or tonumber(ARGV[3]) <= tonumber(before)) then return 'denied' end
            redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
            return 'ok'
            """;

    /** KEYS: deny token, deny session, deny user. ARGV: iat. Returns 1 when denied. */
    static final String DENIED_SCRIPT = """
            if redis.call('EXISTS', KEYS[1]) == 1 or redis.call('EXISTS', KEYS[2]) == 1 then return 1 end
            local before = redis.call('GET', KEYS[3])
            if before and (ARGV[1] == '' or tonumber(ARGV[1]) <= tonumber(before)) then return 1 end
            return 0
            """;

    /**
     * KEYS: deny key (or the none key), legacy index. ARGV: deny value, deny ttl ('0': no deny entry), channel, event.
     * The index is a set of principal keys written by the release before cache format 4, which read principals
     * without checking the deny entries: during a rolling upgrade from it, its principals are deleted as it did.
     */
    static final String REVOKE_SCRIPT = """
            if ARGV[2] ~= '0' then redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2]) end
            local members = redis.call('SMEMBERS', KEYS[2])
            for i = 1, #members do redis.call('DEL', members[i]) end
            redis.call('DEL', KEYS[2])
            redis.call('PUBLISH', ARGV[3], ARGV[4])
            return 'ok'
            """;

    /** Version of a remembered rejection's sealed form. */
    public static final int REJECTION_FORMAT = 1;

    private final RedisGate redis;
    private final CacheIntegrity integrity;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final IdentityConfig.Cache config;
    private final Cache<String, LocalEntry> local;
    /** The local cache's keys by token, session, user and provider: an invalidation visits only its own entries. */
    private final PrincipalIndex index = new PrincipalIndex();
    private final LocalDenyList denied;
    /** Bumped by every invalidation; a verification that raced with one does not fill the local cache. */
    private final AtomicLong epoch = new AtomicLong();
    private final Counter localHits;
    private final Counter localMisses;
    private final Counter redisHits;
    private final Counter redisMisses;

    /**
     * An in-process entry. Past {@code refreshAtMillis} (three quarters of its life) it is still answered,
     * and the first request to see it also starts a lookup that replaces it, so a token in steady use
     * never waits for Redis when its entry runs out.
     */
    private record LocalEntry(IntrospectionOutcome outcome, long refreshAtMillis, long expiresAtMillis) {

        /**
         * About what the entry and its key hold on the heap, in bytes: a principal's body and variable strings, its
         * {@code /verify} answer once built (counted from the start: about 150 bytes and the strings it repeats) plus
         * about 1.3 KB for the rest (its key, record, ids, cache node and index entries); a rejection about 250 bytes.
         */
        int weight() {
            if (outcome instanceof Active a) {
                return PRINCIPAL_OVERHEAD_BYTES + a.body().length + length(a.sessionId()) + length(a.userId()) + length(a.email())
                        + length(a.issuer()) + length(a.ownerId())
                        + VERIFY_ANSWER_BYTES + length(a.provider()) + length(a.userId()) + length(a.email());
            }
            return REJECTION_BYTES;
        }

        private static int length(String value) {
            return value == null ? 0 : value.length();
        }
    }

    private static final int PRINCIPAL_OVERHEAD_BYTES = 1_300;
    private static final int VERIFY_ANSWER_BYTES = 150;
    private static final int REJECTION_BYTES = 250;

    /** An in-process hit; {@code refreshDue} once the entry is in the last quarter of its life. */
    public record LocalHit(IntrospectionOutcome outcome, boolean refreshDue) {
    }

    public PrincipalStore(RedisGate redis, CacheIntegrity integrity, Clock clock, MeterRegistry metrics, LocalDenyList denied,
                          IdentityConfig config) {
        this.redis = redis;
        this.integrity = integrity;
        this.clock = clock;
        this.metrics = metrics;
        this.denied = denied;
        this.config = config.cache();
        this.localHits = lookups("local", "hit");
        this.localMisses = lookups("local", "miss");
        this.redisHits = lookups("redis", "hit");
        this.redisMisses = lookups("redis", "miss");
        this.local = Caffeine.newBuilder()
                .maximumWeight(this.config.localMaxSize().asLongValue())
                .weigher((String key, LocalEntry entry) -> entry.weight())
                // Read on every introspection, on the event loop. Its upkeep (recording reads for
                // eviction, expiring) runs there too, in small batches, rather than waking a thread
                // of the common ForkJoinPool to take a turn on the same CPUs many times a second.
                .executor(Runnable::run)
                .removalListener((String key, LocalEntry entry, RemovalCause cause) -> {
                    if (key != null && entry != null && entry.outcome() instanceof Active active) {
                        index.remove(key, active, entry);
                    }
                })
                .expireAfter(new Expiry<String, LocalEntry>() {
                    @Override
                    public long expireAfterCreate(String key, LocalEntry value, long currentTime) {
                        return Math.max(0, Duration.ofMillis(value.expiresAtMillis() - clock.millis()).toNanos());
                    }

                    @Override
                    public long expireAfterUpdate(String key, LocalEntry value, long currentTime, long currentDuration) {
                        return expireAfterCreate(key, value, currentTime);
                    }

                    @Override
                    public long expireAfterRead(String key, LocalEntry value, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .build();
    }

    public long epoch() {
        return epoch.get();
    }

    /** The in-process entry, if any and still valid. */
    public Optional<LocalHit> local(String digest) {
        LocalEntry entry = local.getIfPresent(digest);
        long now = clock.millis();
        if (entry == null || entry.expiresAtMillis() <= now) {
            localMisses.increment();
            return Optional.empty();
        }
        if (entry.outcome() instanceof Active active && denied.denies(active)) {
            local.invalidate(digest);
            localMisses.increment();
            return Optional.empty();
        }
        localHits.increment();
        return Optional.of(new LocalHit(entry.outcome(), entry.refreshAtMillis() <= now));
    }

    /** What the deny entries fetched with a {@link #lookup} say about the principal they were fetched for. */
    public enum Denial {
        /** A deny entry covers it. */
        DENIED,
        /** None does, as of the lookup. */
        CLEAR,
        /** Not known: no principal was named, or Redis is unavailable. */
        UNCHECKED
    }

    /** A lookup's answer: the cached outcome, if any, and the deny entries' verdict. */
    public record SharedLookup(Optional<IntrospectionOutcome> outcome, Denial denial) {
    }

    /**
     * One round trip: the principal or the negative entry, and for {@code revocable} (null: not asked) the deny
     * entries that would cover it, all in one {@code MGET}, pipelined with the other commands of the event loop's turn.
     * The outcome is empty on a miss, when Redis is unavailable, and for an entry identity did not seal, of another
     * format, or naming a rejection this release does not know (written by a newer one during a rolling upgrade): the
     * token is verified again.
     */
    public Uni<SharedLookup> lookup(String digest, Revocable revocable) {
        String principalKey = redis.key("p", digest);
        String negativeKey = redis.key("n", digest);
        List<String> keys = new ArrayList<>(5);
        keys.add(principalKey);
        keys.add(negativeKey);
        if (revocable != null) {
            keys.add(redis.key("d", "t", revocable.tokenId()));
            keys.add(userKey("d", revocable));
            if (revocable.sessionId() != null) {
                keys.add(sessionKey("d", revocable));
            }
        }
        Request mget = Request.cmd(Command.MGET);
        keys.forEach(mget::arg);
        return redis.pipelined("lookup", mget)
                .map(response -> {
                    if (response.isEmpty()) {
                        return new SharedLookup(Optional.empty(), Denial.UNCHECKED);
                    }
                    Response values = response.get();
                    Response principal = values.get(0);
                    Response negative = values.get(1);
                    Optional<IntrospectionOutcome> found = Optional.empty();
                    if (principal != null) {
                        found = integrity.open(CacheIntegrity.Kind.PRINCIPAL, principalKey, Active.CACHE_FORMAT, principal.toString())
                                .flatMap(Active::fromCacheValue).map(a -> a);
                    }
                    if (found.isEmpty() && negative != null) {
                        found = integrity.open(CacheIntegrity.Kind.REJECTION, negativeKey, REJECTION_FORMAT, negative.toString())
                                .flatMap(RejectionReason::parse).map(Inactive::new);
                    }
                    (found.isPresent() ? redisHits : redisMisses).increment();
                    return new SharedLookup(found, revocable == null ? Denial.UNCHECKED
                            : denial(text(values.get(2)), text(values.get(3)), revocable.sessionId() == null ? null : text(values.get(4)),
                                    revocable.issuedAt()));
                });
    }

    /** The rule of {@link #WRITE_SCRIPT}'s first lines, on fetched values. */
    static Denial denial(String token, String user, String session, Long issuedAt) {
        if (token != null || session != null) {
            return Denial.DENIED;
        }
        if (user == null) {
            return Denial.CLEAR;
        }
        try {
            return issuedAt == null || issuedAt <= Long.parseLong(user) ? Denial.DENIED : Denial.CLEAR;
        } catch (NumberFormatException e) {
            return Denial.DENIED; // not written by a revocation of ours: refuse rather than guess
        }
    }

    private static String text(Response value) {
        return value == null ? null : value.toString();
    }

    public void putLocal(String digest, IntrospectionOutcome outcome, long epochAtStart) {
        if (epoch.get() != epochAtStart) {
            return;
        }
        long now = clock.millis();
        long cap = now + jittered(config.localTtl().toMillis());
        long expires = outcome instanceof Active a ? Math.min(cap, a.expiresAt() * 1000) : cap;
        LocalEntry entry = new LocalEntry(outcome, now + (expires - now) * 3 / 4, expires);
        if (outcome instanceof Active active) {
            index.add(digest, active, entry); // before the put: an invalidation from now on finds it
        }
        local.put(digest, entry);
        if (epoch.get() != epochAtStart) {
            local.asMap().remove(digest, entry); // an invalidation raced with this put and may have missed it
        }
    }

    /**
     * True when this replica's copy of recent revocations covers the principal. Redis's deny list, the authoritative
     * one, is fetched with every {@link #lookup} and checked by {@link #putShared} in the same script that caches the
     * principal; this copy is what still refuses revoked tokens while Redis is unavailable.
     */
    public boolean deniedLocally(Active active) {
        return denied.denies(active);
    }

    /**
     * Caches an active principal in Redis unless Redis's deny list covers it, checked in the same script. False when
     * it is denied; true when it was written, or Redis is unavailable (then {@link #deniedLocally} is all there is).
     * A principal too close to (or, within the clock skew, past) its {@code exp} to be cached is only checked.
     */
    public Uni<Boolean> putShared(String digest, Active active) {
        long ttl = sharedTtl(active);
        if (ttl <= 0) {
            return redis.eval("deny-check", DENIED_SCRIPT, denyKeys(Revocable.of(active)), List.of(iat(active)))
                    .map(r -> r.map(Response::toInteger).orElse(0) != 1);
        }
        return write(digest, active, ttl);
    }

    /**
     * Caches a principal already answered, after a {@link #lookup} found its deny entries clear, without anyone
     * waiting for it. The script still refuses it when a revocation reached Redis since that lookup; then
     * {@code refused} runs, so the caller drops what it holds. A principal too close to its {@code exp} is not written.
     */
    public void putSharedAfterAnswer(String digest, Active active, Runnable refused) {
        long ttl = sharedTtl(active);
        if (ttl > 0) {
            write(digest, active, ttl).subscribe().with(written -> {
                if (!written) {
                    refused.run();
                }
            }, failure -> LOG.debugf("caching a principal failed: %s", failure.toString()));
        }
    }

    /** Drops this replica's entry for one digest. */
    public void forget(String digest) {
        local.invalidate(digest);
    }

    private long sharedTtl(Active active) {
        return Math.min(active.expiresAt() - clock.instant().getEpochSecond(), jittered(config.principalMaxTtl().toSeconds()));
    }

    private Uni<Boolean> write(String digest, Active active, long ttl) {
        List<String> keys = new ArrayList<>(4);
        keys.add(redis.key("p", digest));
        keys.addAll(denyKeys(Revocable.of(active)));
        return redis.evalPipelined("write", WRITE_SCRIPT, keys,
                        List.of(integrity.seal(keys.get(0), Active.CACHE_FORMAT, active.toCacheValue()), Long.toString(ttl), iat(active),
                                redis.key("none")))
                .map(r -> r.map(response -> !"denied".equals(response.toString())).orElse(true));
    }

    public Uni<Void> putNegative(String digest, RejectionReason reason) {
        String key = redis.key("n", digest);
        return redis.attempt("negative", api -> api.set(List.of(key, integrity.seal(key, REJECTION_FORMAT, reason.name()),
                        "EX", Long.toString(config.negativeTtl().toSeconds()))))
                .replaceWithVoid();
    }

    /**
     * Applies a revocation or invalidation in Redis (its deny entry, for {@code denyTtlSeconds}; none for 0), then
     * here; every other replica gets it through the channel. Cached principals it covers are not deleted: every
     * read of one checks the deny entries with it. Fails with {@link RedisGate.RedisUnavailableException} when Redis
     * is unavailable.
     */
    public Uni<Void> revoke(InvalidationEvent event, long denyTtlSeconds) {
        String none = redis.key("none");
        String denyKey = none;
        String legacyIndex = none;
        String denyValue = "1";
        switch (event.type()) {
            case InvalidationEvent.TOKEN -> {
                denyKey = redis.key("d", "t", event.tokenId());
                legacyIndex = redis.key("ix", "t", event.tokenId());
            }
            case InvalidationEvent.SESSION -> {
                denyKey = redis.key("d", "s", event.projectId(), event.sessionId());
                legacyIndex = redis.key("ix", "s", event.projectId(), event.sessionId());
            }
            case InvalidationEvent.USER -> {
                denyKey = redis.key("d", "u", event.projectId(), event.userId());
                legacyIndex = redis.key("ix", "u", event.projectId(), event.userId());
                denyValue = Long.toString(event.revokedBefore());
            }
            case InvalidationEvent.PROVIDER -> legacyIndex = redis.key("ix", "p", event.providerId());
            default -> {
                // an API key change: only its event
            }
        }
        // Applied here only once Redis took it: a refused (503) revocation must not half-hold on one replica.
        return redis.evalRequired("revoke", REVOKE_SCRIPT, List.of(denyKey, legacyIndex),
                        List.of(denyValue, denyKey.equals(none) ? "0" : Long.toString(denyTtlSeconds), channel(), event.encode()))
                .invoke(() -> apply(event))
                .replaceWithVoid();
    }

    /**
     * Drops what this replica holds for an event (from this replica or another one): through the index,
     * only the event's own entries, never a scan of the cache.
     */
    public void apply(InvalidationEvent event) {
        epoch.incrementAndGet();
        denied.record(event);
        if (InvalidationEvent.API_KEY.equals(event.type())) {
            local.invalidateAll();
            return;
        }
        for (String key : index.take(event)) {
            local.invalidate(key);
        }
    }

    /** Cache keys invalidations have visited so far (see {@link PrincipalIndex#visited}). */
    long invalidationVisits() {
        return index.visited();
    }

    /** Index keys held: the index follows the cache's removals. */
    int indexSize() {
        return index.size();
    }

    /** After a gap in the event stream (Redis was down) nothing local can be trusted. */
    public void dropLocal() {
        epoch.incrementAndGet();
        local.invalidateAll();
    }

    public String channel() {
        return redis.key("events");
    }

    /** The deny keys of the scripts: token, session (or the placeholder), user. */
    private List<String> denyKeys(Revocable principal) {
        return List.of(redis.key("d", "t", principal.tokenId()), sessionKeyOrNone("d", principal), userKey("d", principal));
    }

    private String sessionKeyOrNone(String kind, Revocable principal) {
        return principal.sessionId() == null ? redis.key("none") : sessionKey(kind, principal);
    }

    private String sessionKey(String kind, Revocable principal) {
        return redis.key(kind, "s", principal.projectId().toString(), principal.sessionId());
    }

    private String userKey(String kind, Revocable principal) {
        // The owner id (provider qualifier + user id): revoking X of one provider leaves X of another alone.
        return redis.key(kind, "u", principal.projectId().toString(), principal.ownerId());
    }

    /**
     * A cache lifetime shortened by up to a fifth at random: entries filled together (a deploy, a
     * burst of new sessions, a flush) then do not all expire in the same millisecond and come back
     * as one burst of Redis lookups or signature checks.
     */
    static long jittered(long lifetime) {
        return lifetime - ThreadLocalRandom.current().nextLong(lifetime / 5 + 1);
    }

    private static String iat(Active active) {
        return active.issuedAt() == null ? "" : Long.toString(active.issuedAt());
    }

    private Counter lookups(String cache, String result) {
        return metrics.counter("identity.cache.lookups", "cache", cache, "result", result);
    }
}
