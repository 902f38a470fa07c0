package studio.ainative.chat.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;
import studio.ainative.chat.config.ChatConfig;

/**
 * Where a completion's time goes in this service, one timer per phase ({@code chat.completion.phase}, tag
 * {@code phase}): {@code read} (the body), {@code authenticate} (the caller, from platform-auth's cache or
 * identity), {@code parse} (validation), {@code admit} (the Redis limit), {@code upstream} (until the
 * upstream's answer, or a stream's first bytes), {@code respond} (the answer written, or the stream started).
 * The timers are registered once: recording is a clock read and an add. With {@code chat.phase-percentiles}
 * each also publishes its p50 and p99 over the last minutes (this replica's), which bench/chat reads to show
 * where the added latency goes.
 */
@ApplicationScoped
public class CompletionPhases {

    public enum Phase { READ, AUTHENTICATE, PARSE, ADMIT, UPSTREAM, RESPOND }

    private final Timer[] timers = new Timer[Phase.values().length];

    public CompletionPhases(MeterRegistry registry, ChatConfig config) {
        for (Phase phase : Phase.values()) {
            Timer.Builder timer = Timer.builder("chat.completion.phase").tag("phase", phase.name().toLowerCase())
                    .description("Time a completion spends in each phase of chat-service");
            if (config.phasePercentiles()) {
                timer.publishPercentiles(0.5, 0.99);
            }
            timers[phase.ordinal()] = timer.register(registry);
        }
    }

    /** Records the phase that began at {@code since} (a {@link System#nanoTime()}); returns now, the next phase's start. */
    public long record(Phase phase, long since) {
        long now = System.nanoTime();
        timers[phase.ordinal()].record(now - since, TimeUnit.NANOSECONDS);
        return now;
    }
}
