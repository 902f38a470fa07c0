package studio.ainative.platform.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Seconds-long memory of identity's answers, in front of {@link IdentityIntrospection} so a cached answer
 * still serves while identity is briefly down or the circuit is open. Keyed by SHA-256 (never the raw
 * token). Active answers live {@code cache-ttl}, never past the token's {@code exp}; inactive ones
 * {@code negative-cache-ttl}; failures are never remembered.
 *
 * <p>One question per token at a time: requests that miss while identity is being asked about their token wait
 * for that answer rather than ask again. And a token in steady use never waits for identity after its first
 * request: an active answer in the last quarter of its life is still answered, and identity is asked again in
 * the background. Without either, every cache lifetime ended with all of a token's concurrent requests asking
 * identity at once, and under load those calls timed out together and opened the breaker.
 */
@ApplicationScoped
public class IntrospectionCache {

    /** @param refreshFrom when a hit also asks identity again in the background; null: never (inactive answers) */
    private record Entry(IdentityAnswer answer, Duration ttl, Instant refreshFrom) {
    }

    private final Cache<String, Entry> cache;
    /** The questions identity is being asked now, by cache key: their answer, shared by everyone who waits for it. */
    private final Map<String, Uni<IdentityAnswer>> asking = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration ttl;
    private final Duration negativeTtl;
    private final Counter hits;
    private final Counter misses;
    private final Counter refreshes;

    @Inject
    public IntrospectionCache(PlatformAuthConfig config, Clock clock, MeterRegistry registry) {
        this(config.cacheTtl(), config.negativeCacheTtl(), config.cacheMaxEntries(), clock, Ticker.systemTicker(), registry);
    }

    /** {@code ticker}: the entries' clock (monotonic in production; a test's own to expire entries without waiting). */
    IntrospectionCache(Duration ttl, Duration negativeTtl, long maxEntries, Clock clock, Ticker ticker, MeterRegistry registry) {
        this.cache = Caffeine.newBuilder()
                .maximumSize(maxEntries)
                // Read on every authenticated request, on the event loop: its upkeep runs there in
                // small batches rather than waking a ForkJoinPool thread many times a second.
                .executor(Runnable::run)
                // Each write, the refresh's included, gives the entry its answer's life from then: with
                // Expiry.creating a refreshed answer still expired with the first one, and every token in
                // steady use missed and waited for identity once per cache-ttl.
                .expireAfter(Expiry.writing((String key, Entry entry) -> entry.ttl()))
                .ticker(ticker)
                .build();
        this.clock = clock;
        this.ttl = ttl;
        this.negativeTtl = negativeTtl;
        this.hits = Counter.builder("platform.auth.introspection.cache").tag("result", "hit").register(registry);
        this.misses = Counter.builder("platform.auth.introspection.cache").tag("result", "miss").register(registry);
        this.refreshes = Counter.builder("platform.auth.introspection.cache").tag("result", "refresh").register(registry);
    }

    /**
     * The remembered answer for this request, or the loader's, remembered when it is an answer. On a miss the
     * answer arrives on the caller's Vert.x context, whoever's request asked identity.
     */
    public Uni<IdentityAnswer> get(IntrospectionRequest request, Supplier<Uni<IdentityAnswer>> loader) {
        String key = request.cacheKey();
        Entry cached = cache.getIfPresent(key);
        if (cached != null) {
            hits.increment();
            if (cached.refreshFrom() != null && !clock.instant().isBefore(cached.refreshFrom()) && !asking.containsKey(key)) {
                refreshes.increment();
                // A failed refresh changes nothing: the entry lives out its time, then requests ask identity themselves.
                ask(key, loader).subscribe().with(answer -> { }, failure -> { });
            }
            return Uni.createFrom().item(cached.answer());
        }
        misses.increment();
        Context context = Vertx.currentContext();
        Uni<IdentityAnswer> answer = ask(key, loader);
        return context == null ? answer : answer.emitOn(task -> {
            if (Vertx.currentContext() == context) {
                task.run();
            } else {
                context.runOnContext(ignored -> task.run());
            }
        });
    }

    /** The question for {@code key} in flight, or a new one: asked once, its answer remembered and shared. */
    private Uni<IdentityAnswer> ask(String key, Supplier<Uni<IdentityAnswer>> loader) {
        return asking.computeIfAbsent(key, k -> {
            AtomicReference<Uni<IdentityAnswer>> self = new AtomicReference<>();
            Uni<IdentityAnswer> shared = loader.get()
                    .invoke(answer -> remember(k, answer))
                    .onTermination().invoke(() -> asking.remove(k, self.get()))
                    .memoize().indefinitely();
            self.set(shared);
            return shared;
        });
    }

    private void remember(String key, IdentityAnswer answer) {
        Instant now = clock.instant();
        Duration life = ttlFor(answer, now, ttl, negativeTtl);
        if (life.isNegative() || life.isZero()) {
            cache.invalidate(key);
            return;
        }
        Instant refreshFrom = answer.result().active() ? now.plus(life.multipliedBy(3).dividedBy(4)) : null;
        cache.put(key, new Entry(answer, life, refreshFrom));
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
