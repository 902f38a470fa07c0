package studio.ainative.identity.jwks;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;
import studio.ainative.identity.config.IdentityConfig;
import studio.ainative.identity.repository.SharedJwksStore;

/**
 * Each provider's verification keys: in memory per replica, shared between replicas through Redis.
 *
 * <ul>
 *   <li>Fresh keys are served as is; within the last fifth of their life a background refresh starts.</li>
 *   <li>Stale keys keep serving (while a refresh runs in the background) for up to {@code max-stale}
 *       after their fetch, so an IdP outage does not lock users out.</li>
 *   <li>A refresh first looks at the copy in Redis: another replica may have fetched already. Only the
 *       replica holding the provider's fetch lock asks the IdP; the others wait for its result.</li>
 *   <li>An unknown {@code kid} forces a refetch; one that comes back without the kid blocks further
 *       forced refetches of that provider for {@code forced-refetch-interval}, on every replica. A real
 *       rotation never spends that budget; a flood of random kids costs one fetch per interval. While
 *       a refetch is blocked or failed, callers are told the keys were not refetched, so a kid of a key
 *       rotated in meanwhile is "keys unavailable" (retry), not "invalid" (remembered).</li>
 *   <li>Concurrent misses on a replica share one fetch; after a failed fetch with nothing cached,
 *       callers fail fast for {@code failure-backoff} instead of hammering a dead endpoint.</li>
 * </ul>
 */
@ApplicationScoped
public class JwksCache {

    private static final Logger LOG = Logger.getLogger(JwksCache.class);
    private static final Duration LOCK_POLL = Duration.ofMillis(100);

    public record ProviderRef(UUID id, String tag, String jwksUri) {
    }

    private final JwksFetcher fetcher;
    private final SharedJwksStore shared;
    private final Clock clock;
    private final IdentityConfig.Jwks config;
    private final ConcurrentHashMap<UUID, Entry> entries = new ConcurrentHashMap<>();

    public JwksCache(JwksFetcher fetcher, SharedJwksStore shared, Clock clock, IdentityConfig config) {
        this.fetcher = fetcher;
        this.shared = shared;
        this.clock = clock;
        this.config = config.jwks();
    }

    /** Current keys of the provider; fails with {@link KeysUnavailableException} when none can be had. */
    public Uni<KeySet> keys(ProviderRef provider) {
        Entry entry = entryFor(provider);
        Instant now = clock.instant();
        KeySet keys = usable(entry.keys, now);
        if (keys != null) {
            Duration life = Duration.between(keys.fetchedAt(), keys.freshUntil());
            if (now.isAfter(keys.freshUntil().minus(life.dividedBy(5)))) {
                refreshInBackground(entry);
            }
            return Uni.createFrom().item(keys);
        }
        if (now.isBefore(entry.failedUntil)) {
            return Uni.createFrom().failure(new KeysUnavailableException("recent fetch failed: " + entry.lastFailure));
        }
        return refresh(entry, null).onFailure(InvalidJwksException.class)
                .transform(e -> new KeysUnavailableException(e.getMessage()));
    }

    /**
     * The keys after an unknown kid. {@code refetched}: they come from a refetch that succeeded just
     * now, so a kid they lack is unknown to the provider; otherwise (refetch suppressed by the
     * budget or failed) they are only what was cached, and a kid they lack proves nothing.
     */
    public record Refetch(KeySet keys, boolean refetched) {
    }

    /**
     * The token names a kid we do not have: refetch unless a refetch for an unknown kid came back
     * without one recently (on any replica), then return whatever keys are current, and whether
     * they are the result of that refetch.
     */
    public Uni<Refetch> refreshForUnknownKid(ProviderRef provider, String kid) {
        Entry entry = entryFor(provider);
        if (clock.instant().isBefore(entry.lastFruitlessRefetch.plus(config.forcedRefetchInterval()))) {
            return cachedOnly(provider);
        }
        return shared.recentlyFruitless(provider.id()).chain(fruitless -> {
            if (fruitless) {
                return cachedOnly(provider);
            }
            return refresh(entry, kid)
                    .call(keys -> {
                        if (kid == null || keys.byKid(kid).isEmpty()) {
                            entry.lastFruitlessRefetch = clock.instant();
                            return shared.markFruitless(provider.id());
                        }
                        return Uni.createFrom().voidItem();
                    })
                    .map(keys -> new Refetch(keys, true))
                    .onFailure().invoke(() -> entry.lastFruitlessRefetch = clock.instant())
                    .onFailure().recoverWithUni(e -> cachedOnly(provider));
        });
    }

    private Uni<Refetch> cachedOnly(ProviderRef provider) {
        return keys(provider).map(keys -> new Refetch(keys, false));
    }

    /** Registration already fetched and validated the keys; start serving from them, on every replica. */
    public Uni<Void> seed(ProviderRef provider, JwksFetcher.Fetched fetched) {
        entryFor(provider).keys = fetched.keys();
        return shared.write(provider.id(), fetched.document());
    }

    /** Forgets this replica's keys of a provider (after a change or deletion). */
    public void invalidate(UUID providerId) {
        entries.remove(providerId);
    }

    /** Forgets the provider's keys here and in Redis. */
    public Uni<Void> forget(UUID providerId) {
        invalidate(providerId);
        return shared.forget(providerId);
    }

    private Entry entryFor(ProviderRef provider) {
        return entries.compute(provider.id(), (id, existing) ->
                existing != null && existing.provider.jwksUri().equals(provider.jwksUri()) ? existing : new Entry(provider));
    }

    private KeySet usable(KeySet keys, Instant now) {
        return keys != null && now.isBefore(keys.fetchedAt().plus(config.maxStale())) ? keys : null;
    }

    private void refreshInBackground(Entry entry) {
        if (clock.instant().isBefore(entry.failedUntil)) {
            return;
        }
        refresh(entry, null).subscribe().with(k -> { }, e -> LOG.debugf("background JWKS refresh of %s failed: %s",
                entry.provider.tag(), e.getMessage()));
    }

    /** One refresh at a time per provider on this replica; callers arriving meanwhile share its outcome. */
    private Uni<KeySet> refresh(Entry entry, String wantedKid) {
        synchronized (entry) {
            if (entry.inflight != null) {
                return entry.inflight;
            }
            Uni<KeySet> run = fromSharedCopy(entry, wantedKid)
                    .chain(found -> found.isPresent() ? Uni.createFrom().item(found.get()) : fetchOnce(entry, wantedKid))
                    .onItem().invoke(keys -> entry.keys = keys)
                    .onFailure().invoke(e -> {
                        entry.lastFailure = e.getMessage();
                        entry.failedUntil = clock.instant().plus(config.failureBackoff());
                        LOG.warnf("JWKS fetch for provider %s failed: %s", entry.provider.tag(), e.getMessage());
                    })
                    .onTermination().invoke(() -> {
                        synchronized (entry) {
                            entry.inflight = null;
                        }
                    })
                    .memoize().indefinitely();
            entry.inflight = run;
            return run;
        }
    }

    /**
     * A document another replica fetched after ours, that is fresh (or, for an unknown kid, has it).
     */
    private Uni<Optional<KeySet>> fromSharedCopy(Entry entry, String wantedKid) {
        Instant ours = entry.keys == null ? Instant.EPOCH : entry.keys.fetchedAt();
        return shared.read(entry.provider.id()).map(found -> found
                .filter(doc -> doc.jwksUri().equals(entry.provider.jwksUri()) && doc.fetchedAt().isAfter(ours))
                .flatMap(doc -> {
                    try {
                        return Optional.of(fetcher.parse(doc));
                    } catch (InvalidJwksException e) {
                        return Optional.empty();
                    }
                })
                .filter(keys -> wantedKid != null ? keys.byKid(wantedKid).isPresent() : clock.instant().isBefore(keys.freshUntil())));
    }

    /** Fetch from the IdP if this replica wins the provider's lock; otherwise wait for the winner's copy. */
    private Uni<KeySet> fetchOnce(Entry entry, String wantedKid) {
        UUID id = entry.provider.id();
        return shared.tryLock(id).chain(locked -> {
            if (locked) {
                return fetcher.fetchDocument(entry.provider.tag(), entry.provider.jwksUri())
                        .call(fetched -> shared.write(id, fetched.document()))
                        .map(JwksFetcher.Fetched::keys)
                        .onTermination().call(() -> shared.unlock(id));
            }
            long budget = config.connectTimeout().plus(config.readTimeout()).plusMillis(500).toNanos();
            return awaitSharedCopy(entry, wantedKid, System.nanoTime() + budget);
        });
    }

    /** Polls Redis for the lock holder's result; the deadline is wall time (System.nanoTime), whatever the clock says. */
    private Uni<KeySet> awaitSharedCopy(Entry entry, String wantedKid, long deadlineNanos) {
        return Uni.createFrom().voidItem().onItem().delayIt().by(LOCK_POLL)
                .chain(() -> fromSharedCopy(entry, wantedKid))
                .chain(found -> {
                    if (found.isPresent()) {
                        return Uni.createFrom().item(found.get());
                    }
                    if (System.nanoTime() - deadlineNanos > 0) {
                        return Uni.createFrom().failure(new InvalidJwksException("another replica's JWKS fetch did not complete"));
                    }
                    return awaitSharedCopy(entry, wantedKid, deadlineNanos);
                });
    }

    private static final class Entry {
        final ProviderRef provider;
        volatile KeySet keys;
        volatile Instant lastFruitlessRefetch = Instant.EPOCH;
        volatile Instant failedUntil = Instant.EPOCH;
        volatile String lastFailure = "";
        Uni<KeySet> inflight;

        Entry(ProviderRef provider) {
            this.provider = provider;
        }
    }
}
