package studio.ainative.chat.upstream;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Upstream attempts by outcome, retries, fallbacks and each circuit breaker's state
 * ({@code chat.upstream.breaker.state}: 0 closed, 1 half-open, 2 open) and its transitions.
 */
@ApplicationScoped
public class UpstreamMetrics {

    private static final Logger LOG = Logger.getLogger(UpstreamMetrics.class);

    private final MeterRegistry registry;
    private final Map<String, AtomicInteger> states = new ConcurrentHashMap<>();
    private final Map<String, io.micrometer.core.instrument.Counter> calls = new ConcurrentHashMap<>();

    public UpstreamMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void retried(String upstream) {
        registry.counter("chat.upstream.retries", "upstream", upstream).increment();
    }

    void fellBack(String from) {
        registry.counter("chat.upstream.fallbacks", "upstream", from).increment();
    }

    void attempt(String upstream, String outcome) {
        // Once per attempt: the counter from this map rather than the registry's id building and filtering.
        calls.computeIfAbsent(upstream + '|' + outcome, key -> registry.counter("chat.upstream.calls", "upstream", upstream, "outcome", outcome))
                .increment();
    }

    void breakerState(String upstream, CircuitBreakerState state) {
        LOG.warnf("circuit breaker of upstream %s is now %s", upstream, state);
        registry.counter("chat.upstream.breaker.transitions", "upstream", upstream, "to", state.name().toLowerCase()).increment();
        gauge(upstream).set(switch (state) {
            case CLOSED -> 0;
            case HALF_OPEN -> 1;
            case OPEN -> 2;
        });
    }

    void register(String upstream) {
        gauge(upstream);
    }

    private AtomicInteger gauge(String upstream) {
        return states.computeIfAbsent(upstream, name -> {
            AtomicInteger value = new AtomicInteger();
            Gauge.builder("chat.upstream.breaker.state", value, AtomicInteger::get).tag("upstream", name)
                    .description("0 closed, 1 half-open, 2 open").register(registry);
            return value;
        });
    }
}
