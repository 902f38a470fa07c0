package studio.ainative.bench.introspection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import studio.ainative.platform.testing.Wrk;

class RunFiguresTest {

    private static final String ACTIVE = "identity_introspections_total{outcome=\"active\"}";

    /** wrk's result of a 10 s run of 100,000 requests, as report.lua prints it. */
    private static Wrk.Output wrk(long requests, long statusErrors) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("requests", requests);
        result.put("seconds", 10.0);
        result.put("mean_us", 1234.56);
        result.put("p50_us", 1000L);
        result.put("p90_us", 2000L);
        result.put("p99_us", 4567L);
        result.put("p999_us", 9000L);
        result.put("max_us", 20000L);
        result.put("errors", Map.of("connect", 0L, "read", 0L, "write", 0L, "status", statusErrors, "timeout", 0L));
        result.put("warm_tokens", 256L);
        return new Wrk.Output(result, 2.5);
    }

    private static Snapshot snapshot(Map<String, Double> metrics, long jvm, long busy, long total) {
        Map<String, Map<String, Long>> sockets = Map.of("postgresql", Map.of("connections", 1L, "bytes_sent", jvm * 10, "bytes_received", 0L,
                "data_segs_out", 0L, "data_segs_in", 0L));
        return new Snapshot(metrics, Map.of("mget", jvm, "total", jvm * 2), 10, sockets, jvm,
                Map.of("event_loops", jvm, "jit", 0L, "gc_vm", 0L, "other", 0L), 0, busy, total);
    }

    private static Map<String, Object> run(Map<String, Double> before, Map<String, Double> after, long busyDuring, double othersBefore) {
        // 10 s on 2 CPUs: 2,000 ticks; the JVM used 1,000 of them, wrk 250.
        return RunFigures.of("local", "introspect", 64, 1, wrk(100_000, 0), snapshot(before, 0, 0, 0),
                snapshot(after, 1000, busyDuring, 2000), othersBefore, 0.10);
    }

    private static Map<String, Double> answers(double active, double other) {
        Map<String, Double> metrics = new HashMap<>();
        metrics.put(ACTIVE, active);
        metrics.put("identity_introspections_total{outcome=\"inactive\"}", other);
        return metrics;
    }

    @Test
    void convertsWrksFiguresAndKeepsTheScriptsOtherMembers() {
        Map<String, Object> run = run(answers(0, 0), answers(100_000, 0), 1250, 0.0);

        assertEquals(10000.0, run.get("rps"));
        assertEquals(1.235, run.get("mean_ms"));
        assertEquals(4.567, run.get("p99_ms"));
        assertEquals(256L, run.get("warm_tokens"));
        assertEquals(0L, ((Map<?, ?>) run.get("errors")).get("status"));
    }

    @Test
    void countsTheServicesAnswersBetweenTheSnapshots() {
        Map<String, Object> server = server(run(answers(500, 1), answers(100_500, 1), 1250, 0.0));

        assertEquals(100_000L, server.get("answers"));
        assertEquals(0L, server.get("not_active"));
    }

    @Test
    void chargesTheJvmsCpuPerRequestAndWhatOthersUsed() {
        // busy 1,500 ticks = 15 s: the JVM 10 s, wrk 2.5 s, others 2.5 s of 20 s
        Map<?, ?> cpu = (Map<?, ?>) run(answers(0, 0), answers(100_000, 0), 1500, 0.0).get("cpu_s");

        assertEquals(10.0, cpu.get("identity_jvm"));
        assertEquals(100L, cpu.get("jvm_us_per_request"));
        assertEquals(2.5, cpu.get("other"));
        assertEquals(0.125, cpu.get("others_share_during"));
    }

    @Test
    void isContendedWhenOthersUsedMoreThanTheQuietShareDuringOrBefore() {
        assertTrue((boolean) run(answers(0, 0), answers(100_000, 0), 1500, 0.0).get("contended"));
        assertTrue((boolean) run(answers(0, 0), answers(100_000, 0), 1250, 0.2).get("contended"));
        assertFalse((boolean) run(answers(0, 0), answers(100_000, 0), 1250, 0.05).get("contended"));
    }

    @Test
    void readsTheServersQuantilesFromTheHistogramsBucketDeltas() {
        Map<String, Double> before = answers(0, 0);
        Map<String, Double> after = answers(100, 0);
        after.put("identity_introspection_seconds_bucket{le=\"5.0E-4\"}", 60.0);
        after.put("identity_introspection_seconds_bucket{le=\"0.001\"}", 98.0);
        after.put("identity_introspection_seconds_bucket{le=\"0.0025\"}", 100.0);
        after.put("identity_introspection_seconds_bucket{le=\"+Inf\"}", 100.0);

        Map<String, Object> server = server(run(before, after, 1250, 0.0));

        assertEquals(0.5, server.get("latency_p50_ms"));
        assertEquals(2.5, server.get("latency_p99_ms"));
    }

    @Test
    void leavesRatiosOutWhenNothingWasAnswered() {
        Map<String, Object> server = server(RunFigures.of("local", "health", 64, 1, wrk(100_000, 0), snapshot(Map.of(), 0, 0, 0),
                snapshot(Map.of(), 1000, 1250, 2000), 0.0, 0.10));

        assertNull(server.get("redis_lookups_per_answer"));
        assertNull(server.get("latency_p99_ms"));
    }

    @Test
    void findsAHealthRunSound() {
        Map<String, Object> run = RunFigures.of("local", "health", 64, 1, wrk(100_000, 0), snapshot(Map.of(), 0, 0, 0),
                snapshot(Map.of(), 1000, 1250, 2000), 0.0, 0.10);

        assertEquals(List.of(), RunFigures.faults(run));
    }

    @Test
    void faultsARunThatMeasuredNothing() {
        Map<String, Object> run = RunFigures.of("local", "health", 64, 1, wrk(0, 0), snapshot(Map.of(), 0, 0, 0),
                snapshot(Map.of(), 1000, 1250, 2000), 0.0, 0.10);

        assertEquals(List.of("no request was answered"), RunFigures.faults(run));
    }

    @Test
    void faultsAnIntrospectionRunWithInactiveAnswers() {
        assertEquals(List.of("the service counted 99990 active answers of 100000"),
                RunFigures.faults(run(answers(0, 0), answers(99_990, 10), 1250, 0.0)));
    }

    @Test
    void faultsAnIntrospectionRunWithErrorStatuses() {
        Map<String, Object> run = RunFigures.of("local", "introspect", 64, 1, wrk(100_000, 3), snapshot(answers(0, 0), 0, 0, 0),
                snapshot(answers(100_000, 0), 1000, 1250, 2000), 0.0, 0.10);

        assertEquals(List.of("3 answers with a status above 399"), RunFigures.faults(run));
    }

    @Test
    void faultsAnIntrospectionRunThatTheServiceDidNotCount() {
        assertEquals(List.of("the service counted 0 active answers of 0"), RunFigures.faults(run(answers(0, 0), answers(0, 0), 1250, 0.0)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> server(Map<String, Object> run) {
        return (Map<String, Object>) run.get("server");
    }
}
