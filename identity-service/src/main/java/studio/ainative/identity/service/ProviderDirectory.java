package studio.ainative.identity.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import studio.ainative.identity.Provider;
import studio.ainative.identity.repository.ProviderRepository;

/**
 * Providers by issuer, cached in memory so verification does not query PostgreSQL per token. Any
 * provider change invalidates the issuer at once; a generation counter keeps a lookup that raced
 * with a change from re-inserting the stale answer. Concurrent misses for one issuer share one query,
 * but never one that started before a change. An issuer the {@link IssuerRegistry} knows is not
 * registered is answered at once, with no query and no cache entry (random issuers cannot evict real
 * ones). {@code identity.provider.lookups{result=not_registered|cached|queried}} counts the answers.
 */
@ApplicationScoped
public class ProviderDirectory {

    private final ProviderRepository providers;
    private final Cache<String, List<Provider>> byIssuer = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(Duration.ofSeconds(30))
            .build();
    private final AtomicLong generation = new AtomicLong();
    private final SingleFlight<String, List<Provider>> queries;
    private final IssuerRegistry registry;
    private final Counter notRegistered;
    private final Counter cachedLookups;
    private final Counter queriedLookups;

    public ProviderDirectory(ProviderRepository providers, IssuerRegistry registry, MeterRegistry metrics) {
        this.providers = providers;
        this.registry = registry;
        this.queries = new SingleFlight<>(metrics.counter("identity.provider.lookups.coalesced"));
        this.notRegistered = metrics.counter("identity.provider.lookups", "result", "not_registered");
        this.cachedLookups = metrics.counter("identity.provider.lookups", "result", "cached");
        this.queriedLookups = metrics.counter("identity.provider.lookups", "result", "queried");
    }

    /** True when no project registered the issuer, known without I/O (false also means "not known yet"). */
    public boolean certainlyUnregistered(String issuer) {
        if (registry.certainlyUnregistered(issuer)) {
            notRegistered.increment();
            return true;
        }
        return false;
    }

    public Uni<List<Provider>> byIssuer(String issuer) {
        if (certainlyUnregistered(issuer)) {
            return Uni.createFrom().item(List.of());
        }
        List<Provider> cached = byIssuer.getIfPresent(issuer);
        if (cached != null) {
            cachedLookups.increment();
            return Uni.createFrom().item(cached);
        }
        queriedLookups.increment();
        long seen = generation.get();
        return queries.run(seen + " " + issuer, () -> providers.findByIssuer(issuer).map(List::copyOf).invoke(found -> {
            if (generation.get() == seen) {
                byIssuer.put(issuer, found);
            }
        }));
    }

    public void invalidate(String... issuers) {
        generation.incrementAndGet();
        for (String issuer : issuers) {
            byIssuer.invalidate(issuer);
            registry.changed(issuer);
        }
    }
}
