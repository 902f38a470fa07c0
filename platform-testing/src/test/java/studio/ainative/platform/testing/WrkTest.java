package studio.ainative.platform.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class WrkTest {

    private static final String OUTPUT = """
            Running 5s test @ http://127.0.0.1:18081
              1 threads and 64 connections
              Thread Stats   Avg      Stdev     Max   +/- Stdev
                Latency     1.02ms  512.00us  12.00ms   90.00%
            BENCH_RESULT {"requests":250000,"seconds":5.001234,"p99_us":4321,"errors":{"connect":0,"status":2}}
            Requests/sec:  49987.66
            """;

    @Test
    void readsTheScriptsResultLineAmongWrksOwnOutput() {
        Map<String, Object> result = Wrk.result(OUTPUT);

        assertEquals(250000L, ((Number) result.get("requests")).longValue());
        assertEquals(Map.of("connect", 0L, "status", 2L), result.get("errors"));
    }

    @Test
    void convertsAMicrosecondLatencyToMilliseconds() {
        Wrk.Output output = new Wrk.Output(Wrk.result(OUTPUT), 0.5);

        assertEquals(4.321, output.ms("p99_us"));
        assertEquals(250000, output.requests());
        assertEquals(5.001234, output.seconds());
    }

    @Test
    void failsWithWrksOutputWhenTheScriptPrintedNoResult() {
        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> Wrk.result("unable to connect to 127.0.0.1:18081 Connection refused\n"));

        assertTrue(failure.getMessage().contains("Connection refused"), failure.getMessage());
    }

    @Test
    void failsWhenTheResultIsNotJson() {
        assertThrows(IllegalStateException.class, () -> Wrk.result("BENCH_RESULT {\"requests\":\n"));
    }
}
