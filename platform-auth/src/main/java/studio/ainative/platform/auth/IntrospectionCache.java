package studio.ainative.platform.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Seconds-long memory of identity's answers, in front of {@link IdentityIntrospection} so a cached answer
 * still serves while identity is briefly down or the circuit is open. Keyed by SHA-256 (never the raw
 * token). Active answers live {@code cache-ttl}, never past the token's {@code exp}; inactive ones
 * {@code negative-cache-ttl}; failures are never remembered.
 */
@ApplicationScoped
public class IntrospectionCache {

    private record Entry(IdentityAnswer answer, Duration ttl) {
    }

    private final Cache<String, Entry> cache;
    private final Clock clock;
    private final Duration ttl;
    private final Duration negativeTtl;
    private final Counter hits;
    private final Counter misses;

    @Inject
    public IntrospectionCache(PlatformAuthConfig config, Clock clock, MeterRegistry registry) {
        this(config.cacheTtl(), config.negativeCacheTtl(), config.cacheMaxEntries(), clock, registry);
    }

    IntrospectionCache(Duration ttl, Duration negativeTtl, long maxEntries, Clock clock, MeterRegistry registry) {
        this.cache = Caffeine.newBuilder()
                .maximumSize(maxEntries)
                // Read on every authenticated request, on the event loop: its upkeep runs there in
                // small batches rather than waking a ForkJoinPool thread many times a second.
                .executor(Runnable::run)
                .expireAfter(Expiry.creating((String key, Entry entry) -> entry.ttl()))
                .build();
        this.clock = clock;
        this.ttl = ttl;
        this.negativeTtl = negativeTtl;
        this.hits = Counter.builder("platform.auth.introspection.cache").tag("result", "hit").register(registry);
        this.misses = Counter.builder("platform.auth.introspection.cache").tag("result", "miss").register(registry);
    }

    /** The remembered answer for this request, or the loader's, remembered when it is an answer. */
    public Uni<IdentityAnswer> get(IntrospectionRequest request, Supplier<Uni<IdentityAnswer>> loader) {
        String key = request.cacheKey();
        Entry cached = cache.getIfPresent(key);
        if (cached != null) {
            hits.increment();
            return Uni.createFrom().item(cached.answer());
        }
        misses.increment();
        return loader.get().invoke(answer -> {
            Duration life = ttlFor(answer, clock.instant(), ttl, negativeTtl);
            if (!life.isNegative() && !life.isZero()) {
                cache.put(key, new Entry(answer, life));
            }
        });
    }

    /**
     * How long an answer may be reused; zero or negative means not at all. Never past the token's {@code exp}
     * nor the signed principal's, so a principal handed on to another service is always still valid.
     */
    static Duration ttlFor(IdentityAnswer answer, Instant now, Duration ttl, Duration negativeTtl) {
        IntrospectionResult result = answer.result();
        if (!result.active()) {
            return negativeTtl;
        }
        Duration life = ttl;
        if (result.exp() != null) {
            life = min(life, Duration.between(now, Instant.ofEpochSecond(result.exp())));
        }
        if (answer.token() != null && answer.token().getExpirationTime() > 0) {
            life = min(life, Duration.between(now, Instant.ofEpochSecond(answer.token().getExpirationTime())));
        }
        return life;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
