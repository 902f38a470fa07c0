package studio.ainative.bench.introspection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the benchmark reads from ./dev's files, Redis's INFO and redis-benchmark. */
class ParsingTest {

    @Test
    void readsDevsKeyValueLinesKeepingEqualsSignsInValues() {
        assertEquals(Map.of("DEVKIT_URL", "http://127.0.0.1:8090", "KEY", "YWJj=="),
                Stack.values(List.of("# Written by ./dev up", "", "DEVKIT_URL=http://127.0.0.1:8090", "KEY=YWJj==")));
    }

    @Test
    void readsInfoFieldsAndSkipsSectionHeaders() {
        assertEquals(Map.of("redis_version", "7.0.15", "process_id", "2258"),
                Redis.infoFields("# Server\r\nredis_version:7.0.15\r\nprocess_id:2258\r\n\r\n"));
    }

    @Test
    void readsRedisBenchmarksCsvRow() {
        Map<String, Object> row = RedisBaseline.row("\"MGET idn-bench:p:ab idn-bench:n:ab\",\"81234.56\",\"0.402\",\"0.104\",\"0.383\",\"0.511\",\"0.559\",\"1.903\"");

        assertEquals(Map.of("rps", 81234.56, "avg_ms", 0.402, "p50_ms", 0.383, "p95_ms", 0.511, "p99_ms", 0.559, "max_ms", 1.903), row);
    }

    @Test
    void refusesALineThatIsNotRedisBenchmarksCsv() {
        assertThrows(IllegalStateException.class, () -> RedisBaseline.row("ERROR: connection refused"));
    }
}
