package studio.ainative.bench.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsTest {

    private static final String TEXT = """
            # HELP chat_ratelimit_decisions_total
            # TYPE chat_ratelimit_decisions_total counter
            chat_ratelimit_decisions_total{result="admitted",source="open"} 12.0
            chat_ratelimit_decisions_total{result="admitted",source="redis"} 40.0
            chat_ratelimit_decisions_total{result="refused",source="open"} 1.0
            chat_ratelimit_decisions_total_created{result="admitted",source="open"} 1.7E9
            identity_redis_up 1.0
            """;

    @Test
    void sumsTheSeriesWhoseLabelsMatch() {
        assertEquals(13.0, Metrics.sumOf(TEXT, "chat_ratelimit_decisions_total", Map.of("source", "open")));
        assertEquals(53.0, Metrics.sumOf(TEXT, "chat_ratelimit_decisions_total", Map.of()));
        assertEquals(12.0, Metrics.sumOf(TEXT, "chat_ratelimit_decisions_total", Map.of("source", "open", "result", "admitted")));
    }

    @Test
    void readsASeriesWithoutLabelsAndIgnoresOthersWithTheSamePrefix() {
        assertEquals(1.0, Metrics.sumOf(TEXT, "identity_redis_up", Map.of()));
        assertEquals(0.0, Metrics.sumOf(TEXT, "identity_redis", Map.of()));
    }
}
