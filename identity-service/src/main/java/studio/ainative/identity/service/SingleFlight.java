package studio.ainative.identity.service;

import io.micrometer.core.instrument.Counter;
import io.smallrye.mutiny.Uni;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Concurrent requests for the same key share one computation (Go's {@code singleflight}): when a cache
 * entry expires under load, the burst of requests for it costs one Redis round trip, one database
 * query or one signature check, not one each. Nothing is kept once the computation ends; the result
 * is only shared with the requests that arrived while it ran.
 */
public final class SingleFlight<K, V> {

    private final ConcurrentHashMap<K, Uni<V>> inFlight = new ConcurrentHashMap<>();
    private final Counter joined;
    private final int maxBackground;
    private final AtomicInteger background = new AtomicInteger();

    /** @param joined counts requests that were answered by a computation another request started */
    public SingleFlight(Counter joined) {
        this(joined, Integer.MAX_VALUE);
    }

    /**
     * @param maxBackground at most this many {@link #startIfIdle background} computations at once:
     *                      entries that fall due together (filled by one burst) are refreshed a few at
     *                      a time instead of queueing all their lookups on the Redis pool at once
     */
    public SingleFlight(Counter joined, int maxBackground) {
        if (maxBackground < 1) {
            throw new IllegalArgumentException("maxBackground must be at least 1");
        }
        this.joined = joined;
        this.maxBackground = maxBackground;
    }

    public Uni<V> run(K key, Supplier<Uni<V>> work) {
        Uni<V> running = inFlight.get(key);
        if (running != null) {
            joined.increment();
            return running;
        }
        Uni<V> flight = flight(key, work);
        Uni<V> raced = inFlight.putIfAbsent(key, flight);
        if (raced != null) {
            joined.increment();
            return raced;
        }
        return flight;
    }

    /**
     * Starts the work in the background unless a computation for the key is already running or
     * {@code maxBackground} background computations are; its result only goes where the work itself
     * puts it. Failures are dropped (the work is a cache refresh, and the next request simply tries
     * again). True when this call started it.
     */
    public boolean startIfIdle(K key, Supplier<Uni<V>> work) {
        if (inFlight.containsKey(key)) {
            return false;
        }
        if (background.incrementAndGet() > maxBackground) {
            background.decrementAndGet();
            return false;
        }
        Uni<V> flight = flight(key, work);
        if (inFlight.putIfAbsent(key, flight) != null) {
            background.decrementAndGet();
            return false;
        }
        flight.onTermination().invoke(background::decrementAndGet).subscribe().with(ignored -> {
        }, failure -> {
        });
        return true;
    }

    /** The shared computation: runs once, on its first subscriber, and leaves the map when it ends. */
    private Uni<V> flight(K key, Supplier<Uni<V>> work) {
        AtomicReference<Uni<V>> self = new AtomicReference<>();
        Uni<V> flight = Uni.createFrom().<V>deferred(work::get)
                .onTermination().invoke(() -> inFlight.remove(key, self.get()))
                .memoize().indefinitely();
        self.set(flight);
        return flight;
    }

    /** Computations running now (for tests and metrics). */
    public int size() {
        return inFlight.size();
    }
}
