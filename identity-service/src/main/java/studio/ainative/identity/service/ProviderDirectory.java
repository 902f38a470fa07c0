package studio.ainative.identity.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
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
 * but never one that started before a change.
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

    public ProviderDirectory(ProviderRepository providers, MeterRegistry metrics) {
        this.providers = providers;
        this.queries = new SingleFlight<>(metrics.counter("identity_provider_lookups_coalesced_total"));
    }

    public Uni<List<Provider>> byIssuer(String issuer) {
        List<Provider> cached = byIssuer.getIfPresent(issuer);
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
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
        }
    }
}
