package studio.ainative.identity.jwks;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;
import studio.ainative.identity.config.IdentityConfig;

/**
 * Each provider's verification keys, in memory.
 *
 * <ul>
 *   <li>Fresh keys are served as is; within the last fifth of their life a background refresh starts.</li>
 *   <li>Stale keys keep serving (while a refresh runs in the background) for up to {@code max-stale}
 *       after their fetch, so an IdP outage does not lock users out.</li>
 *   <li>An unknown {@code kid} forces a refetch, at most one fruitless refetch per provider per
 *       {@code forced-refetch-interval}; a flood of random kids therefore costs the IdP nothing more.</li>
 *   <li>Concurrent misses share one fetch; after a failed fetch with nothing cached, callers fail
 *       fast for {@code failure-backoff} instead of hammering a dead endpoint.</li>
 * </ul>
 */
@ApplicationScoped
public class JwksCache {

    private static final Logger LOG = Logger.getLogger(JwksCache.class);

    public record ProviderRef(UUID id, String tag, String jwksUri) {
    }

    private final JwksFetcher fetcher;
    private final Clock clock;
    private final IdentityConfig.Jwks config;
    private final ConcurrentHashMap<UUID, Entry> entries = new ConcurrentHashMap<>();

    public JwksCache(JwksFetcher fetcher, Clock clock, IdentityConfig config) {
        this.fetcher = fetcher;
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
        return fetch(entry).onFailure(InvalidJwksException.class)
                .transform(e -> new KeysUnavailableException(e.getMessage()));
    }

    /**
     * The token names a kid we do not have: refetch now unless a refetch for an unknown kid came back
     * without it within the last {@code forced-refetch-interval}, then return whatever keys are current.
     * A refetch that finds the kid (a real rotation) does not spend the budget, so back-to-back
     * rotations keep working while a flood of random kids still costs one fetch per interval.
     */
    public Uni<KeySet> refreshForUnknownKid(ProviderRef provider, String kid) {
        Entry entry = entryFor(provider);
        synchronized (entry) {
            if (clock.instant().isBefore(entry.lastFruitlessRefetch.plus(config.forcedRefetchInterval()))) {
                return keys(provider);
            }
        }
        return fetch(entry)
                .invoke(keys -> {
                    if (kid == null || keys.byKid(kid).isEmpty()) {
                        entry.lastFruitlessRefetch = clock.instant();
                    }
                })
                .onFailure().invoke(() -> entry.lastFruitlessRefetch = clock.instant())
                .onFailure().recoverWithUni(e -> keys(provider));
    }

    /** Registration already fetched and validated the keys; start serving from them. */
    public void seed(ProviderRef provider, KeySet keys) {
        entryFor(provider).keys = keys;
    }

    public void invalidate(UUID providerId) {
        entries.remove(providerId);
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
        fetch(entry).subscribe().with(k -> { }, e -> LOG.debugf("background JWKS refresh of %s failed: %s",
                entry.provider.tag(), e.getMessage()));
    }

    /** One fetch at a time per provider; callers arriving meanwhile share its outcome. */
    private Uni<KeySet> fetch(Entry entry) {
        synchronized (entry) {
            if (entry.inflight != null) {
                return entry.inflight;
            }
            Uni<KeySet> shared = fetcher.fetch(entry.provider.tag(), entry.provider.jwksUri())
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
            entry.inflight = shared;
            return shared;
        }
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
