package studio.ainative.identity.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
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
 * with a change from re-inserting the stale answer.
 */
@ApplicationScoped
public class ProviderDirectory {

    private final ProviderRepository providers;
    private final Cache<String, List<Provider>> byIssuer = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(Duration.ofSeconds(30))
            .build();
    private final AtomicLong generation = new AtomicLong();

    public ProviderDirectory(ProviderRepository providers) {
        this.providers = providers;
    }

    public Uni<List<Provider>> byIssuer(String issuer) {
        List<Provider> cached = byIssuer.getIfPresent(issuer);
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        long seen = generation.get();
        return providers.findByIssuer(issuer).invoke(found -> {
            if (generation.get() == seen) {
                byIssuer.put(issuer, List.copyOf(found));
            }
        });
    }

    public void invalidate(String... issuers) {
        generation.incrementAndGet();
        for (String issuer : issuers) {
            byIssuer.invalidate(issuer);
        }
    }
}
