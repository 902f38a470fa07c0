package studio.ainative.bench.introspection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportTest {

    private static Map<String, Object> run(String variant, String kind, int connections, double rps, double p50, double p99, boolean contended) {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("variant", variant);
        run.put("kind", kind);
        run.put("connections", connections);
        run.put("rps", rps);
        run.put("p50_ms", p50);
        run.put("p99_ms", p99);
        run.put("p999_ms", p99 * 2);
        run.put("errors", Map.of("connect", 0L, "status", 0L));
        run.put("server", Map.of("local_hit_ratio", 0.999, "redis_lookups_per_answer", 0.0013, "verifications", 0L));
        run.put("jvm_socket_io", Map.of("postgresql", Map.of("bytes_sent", 1234L)));
        run.put("cpu_s", Map.of("jvm_us_per_request", 15L, "others_share_during", 0.02));
        run.put("contended", contended);
        return run;
    }

    private static final Map<String, Object> REDIS = Map.of("value_bytes", 1800L,
            "clients_1", Map.of("rps", 20000.0, "p50_ms", 0.047),
            "clients_64", Map.of("rps", 80000.0, "p50_ms", 0.4, "p99_ms", 0.55));

    private static List<Map<String, Object>> runs() {
        List<Map<String, Object>> runs = new ArrayList<>();
        runs.add(run("local", "health", 64, 80000, 0.6, 4.0, false));
        runs.add(run("local", "introspect", 64, 72000, 0.7, 4.4, false));
        runs.add(run("local", "introspect-paced", 64, 24000, 0.5, 1.6, false));
        runs.add(run("redis", "health", 64, 80000, 0.6, 4.1, false));
        runs.add(run("redis", "introspect", 64, 26000, 2.1, 6.8, true));
        runs.add(run("cold", "introspect", 64, 3600, 15, 38, false));
        return runs;
    }

    @Test
    void comparesEachVariantWithTheHealthEndpointOfItsOwnProcess() {
        Map<?, ?> c64 = (Map<?, ?>) new Report(runs()).ratios(REDIS, 5).get("c64");

        assertEquals(0.9, c64.get("local_rps_over_health_rps"));
        assertEquals(0.33, c64.get("redis_rps_over_health_rps"));
        assertEquals(0.88, c64.get("local_p99_over_target"));
    }

    @Test
    void leavesOutRatiosOfRunsThatWereNotMeasured() {
        Map<String, Object> ratios = new Report(runs()).ratios(REDIS, 5);

        assertNull(((Map<?, ?>) ratios.get("c16")).get("local_rps_over_health_rps"));
        assertNull(((Map<?, ?>) ratios.get("paced_c64")).get("redis_rps_over_saturated_rps"));
        assertEquals(0.05, ratios.get("cold_rps_over_local_rps_c64"));
        assertEquals(1.5, ratios.get("redis_c64_p50_minus_health_p50_ms"));
        assertEquals(0.047, ratios.get("redis_c1_mget_p50_ms"));
    }

    @Test
    void meetsTheTargetOnlyWithAMeasuredP99AtOrBelowIt() {
        Map<String, Object> target = new Report(runs()).target(5);

        assertEquals(true, target.get("local_met"));
        assertEquals(false, target.get("redis_met"));
        assertEquals(true, target.get("local_paced_met"));
        assertEquals(false, target.get("redis_paced_met"));
    }

    @Test
    void namesTheContendedRuns() {
        assertEquals(List.of("redis-introspect-c64"), new Report(runs()).contended());
    }

    @Test
    void printsARowPerRunAndTheVerdicts() {
        Report report = new Report(runs());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("runs", runs());
        result.put("baselines", Map.of("redis", REDIS));
        result.put("target", report.target(5));
        result.put("contended_runs", report.contended());

        String table = Report.table(result);

        assertTrue(table.startsWith("variant  kind              conns  req/s  p50 ms  p99 ms  p99.9 ms  errors  local hit  redis/req  verif."), table);
        assertTrue(table.contains("\nlocal    health            64     80000  0.6     4.0     8.0       0       -          -          0       1234"), table);
        assertTrue(table.contains("\nredis    introspect        64     26000  2.1     6.8     13.6      0       0.999      0.0013     0       1234"
                + "      15              2% (contended)\n"), table);
        assertTrue(table.contains("Redis MGET (1800 B): 1 client p50 0.047 ms, 20000 req/s; 64 clients p50 0.4 ms p99 0.55 ms, 80000 req/s"), table);
        assertTrue(table.contains("flat out: in-process cache met, Redis only NOT met;"), table);
        assertTrue(table.endsWith("contended (other processes used the CPUs): redis-introspect-c64\n"), table);
    }
}
