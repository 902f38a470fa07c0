package studio.ainative.identity.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SingleFlightTest {

    private final Counter joined = new SimpleMeterRegistry().counter("joined");
    private final SingleFlight<String, String> flights = new SingleFlight<>(joined);
    private final AtomicInteger started = new AtomicInteger();
    private final List<UniEmitter<? super String>> pending = new ArrayList<>();

    private Uni<String> work() {
        return Uni.createFrom().emitter(e -> {
            started.incrementAndGet();
            pending.add(e);
        });
    }

    @Test
    void requestsArrivingWhileAComputationRunsShareIt() {
        AtomicReference<String> first = new AtomicReference<>();
        AtomicReference<String> second = new AtomicReference<>();
        flights.run("k", this::work).subscribe().with(first::set);
        flights.run("k", this::work).subscribe().with(second::set);

        assertEquals(1, started.get(), "one computation for both");
        assertEquals(1.0, joined.count());
        pending.get(0).complete("v");
        assertEquals("v", first.get());
        assertEquals("v", second.get());
        assertEquals(0, flights.size(), "nothing is kept once it ended");
    }

    @Test
    void differentKeysDoNotShare() {
        flights.run("a", this::work).subscribe().with(v -> { });
        flights.run("b", this::work).subscribe().with(v -> { });
        assertEquals(2, started.get());
        assertEquals(0.0, joined.count());
    }

    @Test
    void aRequestAfterTheEndStartsAFreshComputation() {
        flights.run("k", this::work).subscribe().with(v -> { });
        pending.get(0).complete("old");
        AtomicReference<String> later = new AtomicReference<>();
        flights.run("k", this::work).subscribe().with(later::set);
        assertEquals(2, started.get(), "a finished result is never served to later requests");
        pending.get(1).complete("new");
        assertEquals("new", later.get());
    }

    @Test
    void aFailureReachesEveryoneWaitingAndIsNotKept() {
        AtomicReference<Throwable> first = new AtomicReference<>();
        AtomicReference<Throwable> second = new AtomicReference<>();
        flights.run("k", this::work).subscribe().with(v -> { }, first::set);
        flights.run("k", this::work).subscribe().with(v -> { }, second::set);
        pending.get(0).fail(new IllegalStateException("boom"));
        assertInstanceOf(IllegalStateException.class, first.get());
        assertInstanceOf(IllegalStateException.class, second.get());
        assertEquals(0, flights.size());
        flights.run("k", this::work).subscribe().with(v -> { });
        assertTrue(started.get() == 2, "the next request retries");
    }

    @Test
    void aBackgroundStartRunsOnceAndARequestMeanwhileJoinsIt() {
        assertTrue(flights.startIfIdle("k", this::work), "started with nobody waiting for it");
        assertEquals(1, started.get());
        assertFalse(flights.startIfIdle("k", this::work), "not twice while it runs");
        AtomicReference<String> request = new AtomicReference<>();
        flights.run("k", this::work).subscribe().with(request::set);
        assertEquals(1, started.get(), "a miss meanwhile shares the background computation");
        pending.get(0).complete("v");
        assertEquals("v", request.get());
        assertEquals(0, flights.size());
        assertTrue(flights.startIfIdle("k", this::work), "and once it ended, a new one may start");
    }

    @Test
    void aFailedBackgroundStartIsDroppedAndLeavesNothingBehind() {
        assertTrue(flights.startIfIdle("k", this::work));
        pending.get(0).fail(new IllegalStateException("redis down"));
        assertEquals(0, flights.size());
        assertTrue(flights.startIfIdle("k", this::work), "the next one tries again");
        assertEquals(2, started.get());
    }

    @Test
    void backgroundStartsAreBoundedAndFreedWhenTheyEnd() {
        SingleFlight<String, String> bounded = new SingleFlight<>(joined, 2);
        assertTrue(bounded.startIfIdle("a", this::work));
        assertTrue(bounded.startIfIdle("b", this::work));
        assertFalse(bounded.startIfIdle("c", this::work), "a third one waits for a later request");
        assertEquals(2, started.get());
        AtomicReference<String> request = new AtomicReference<>();
        bounded.run("c", this::work).subscribe().with(request::set);
        assertEquals(3, started.get(), "a request that needs the answer is never bounded");

        pending.get(0).complete("v");
        assertTrue(bounded.startIfIdle("d", this::work), "an ended one frees its place");
        assertFalse(bounded.startIfIdle("e", this::work));
        pending.get(1).fail(new IllegalStateException("redis down"));
        assertTrue(bounded.startIfIdle("e", this::work), "so does a failed one");
    }
}
