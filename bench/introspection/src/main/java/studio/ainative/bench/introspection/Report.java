package studio.ainative.bench.introspection;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The run's verdicts and its table: ratios between the measured runs (introspection against the health endpoint of
 * the same process, Redis-only against the in-process cache, paced against flat out, cold against warm), and the
 * target, warm p99 ≤ {@code target} ms at 64 connections.
 */
final class Report {

    private static final List<Integer> CONNECTIONS = List.of(64, 16);

    private final List<Map<String, Object>> runs;

    Report(List<Map<String, Object>> runs) {
        this.runs = List.copyOf(runs);
    }

    /** The result's {@code ratios}: per connection count, paced at 64, cold against warm, and Redis's share of the latency. */
    Map<String, Object> ratios(Map<String, Object> redisBaseline, double target) {
        Map<String, Object> ratios = new LinkedHashMap<>();
        for (int c : CONNECTIONS) {
            Map<String, Object> at = new LinkedHashMap<>();
            at.put("local_rps_over_health_rps", vs(figure("local", "introspect", c, "rps"), figure("local", "health", c, "rps")));
            at.put("redis_rps_over_health_rps", vs(figure("redis", "introspect", c, "rps"), figure("redis", "health", c, "rps")));
            at.put("redis_rps_over_local_rps", vs(figure("redis", "introspect", c, "rps"), figure("local", "introspect", c, "rps")));
            at.put("local_p50_over_health_p50", vs(figure("local", "introspect", c, "p50_ms"), figure("local", "health", c, "p50_ms")));
            at.put("redis_p50_over_health_p50", vs(figure("redis", "introspect", c, "p50_ms"), figure("redis", "health", c, "p50_ms")));
            at.put("local_p99_over_target", vs(figure("local", "introspect", c, "p99_ms"), Optional.of(target)));
            at.put("redis_p99_over_target", vs(figure("redis", "introspect", c, "p99_ms"), Optional.of(target)));
            ratios.put("c" + c, at);
        }
        Map<String, Object> paced = new LinkedHashMap<>();
        paced.put("local_rps_over_saturated_rps", vs(figure("local", "introspect-paced", 64, "rps"), figure("local", "introspect", 64, "rps")));
        paced.put("local_p99_over_target", vs(figure("local", "introspect-paced", 64, "p99_ms"), Optional.of(target)));
        paced.put("redis_rps_over_saturated_rps", vs(figure("redis", "introspect-paced", 64, "rps"), figure("redis", "introspect", 64, "rps")));
        paced.put("redis_p99_over_target", vs(figure("redis", "introspect-paced", 64, "p99_ms"), Optional.of(target)));
        ratios.put("paced_c64", paced);
        ratios.put("cold_rps_over_local_rps_c64", vs(figure("cold", "introspect", 64, "rps"), figure("local", "introspect", 64, "rps")));
        Optional<Double> redisP50 = figure("redis", "introspect", 64, "p50_ms");
        Optional<Double> healthP50 = figure("redis", "health", 64, "p50_ms");
        ratios.put("redis_c64_p50_minus_health_p50_ms", redisP50.isPresent() && healthP50.isPresent()
                ? RunFigures.round(redisP50.get() - healthP50.get(), 3) : null);
        ratios.put("redis_c1_mget_p50_ms", ((Map<?, ?>) redisBaseline.get("clients_1")).get("p50_ms"));
        return ratios;
    }

    /** The result's {@code target}: met or not, flat out and paced, with and without the in-process cache. */
    Map<String, Object> target(int target) {
        Map<String, Object> verdict = new LinkedHashMap<>();
        verdict.put("warm_p99_ms", target);
        verdict.put("connections", 64);
        verdict.put("local_met", met("local", "introspect", target));
        verdict.put("redis_met", met("redis", "introspect", target));
        verdict.put("local_paced_met", met("local", "introspect-paced", target));
        verdict.put("redis_paced_met", met("redis", "introspect-paced", target));
        return verdict;
    }

    /** The runs during which other processes used the CPUs, as {@code variant-kind-cN}. */
    List<String> contended() {
        return runs.stream().filter(run -> (boolean) run.get("contended"))
                .map(run -> run.get("variant") + "-" + run.get("kind") + "-c" + run.get("connections")).toList();
    }

    /** The table printed at the end: one row per run, then Redis alone, the verdicts and the contended runs. */
    @SuppressWarnings("unchecked")
    static String table(Map<String, Object> result) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("variant", "kind", "conns", "req/s", "p50 ms", "p99 ms", "p99.9 ms", "errors", "local hit", "redis/req", "verif.",
                "JVM→PG B", "JVM µs CPU/req", "others CPU"));
        for (Map<String, Object> run : (List<Map<String, Object>>) result.get("runs")) {
            Map<String, Object> errors = (Map<String, Object>) run.get("errors");
            Map<String, Object> server = (Map<String, Object>) run.get("server");
            Map<String, Object> cpu = (Map<String, Object>) run.get("cpu_s");
            boolean health = "health".equals(run.get("kind"));
            long errorCount = errors.values().stream().mapToLong(v -> ((Number) v).longValue()).sum();
            Object pgBytes = ((Map<String, Map<String, Object>>) run.get("jvm_socket_io")).getOrDefault("postgresql", Map.of()).get("bytes_sent");
            Double others = (Double) cpu.get("others_share_during");
            rows.add(List.of(String.valueOf(run.get("variant")), String.valueOf(run.get("kind")), String.valueOf(run.get("connections")),
                    Long.toString(Math.round((Double) run.get("rps"))), String.valueOf(run.get("p50_ms")), String.valueOf(run.get("p99_ms")),
                    String.valueOf(run.get("p999_ms")), Long.toString(errorCount),
                    health || server.get("local_hit_ratio") == null ? "-" : String.valueOf(server.get("local_hit_ratio")),
                    health || server.get("redis_lookups_per_answer") == null ? "-" : String.valueOf(server.get("redis_lookups_per_answer")),
                    String.valueOf(server.get("verifications")), String.valueOf(pgBytes), String.valueOf(cpu.get("jvm_us_per_request")),
                    (others == null ? "-" : Math.round(others * 100) + "%") + ((boolean) run.get("contended") ? " (contended)" : "")));
        }
        StringBuilder out = new StringBuilder(columns(rows)).append('\n');
        Map<String, Object> redis = (Map<String, Object>) ((Map<String, Object>) result.get("baselines")).get("redis");
        Map<String, Object> one = (Map<String, Object>) redis.get("clients_1");
        Map<String, Object> many = (Map<String, Object>) redis.get("clients_64");
        out.append(String.format("Redis MGET (%s B): 1 client p50 %s ms, %d req/s; 64 clients p50 %s ms p99 %s ms, %d req/s%n",
                redis.get("value_bytes"), one.get("p50_ms"), Math.round((Double) one.get("rps")), many.get("p50_ms"), many.get("p99_ms"),
                Math.round((Double) many.get("rps"))));
        Map<String, Object> target = (Map<String, Object>) result.get("target");
        out.append(String.format("warm p99 target %s ms at 64 connections, flat out: in-process cache %s, Redis only %s;%n",
                target.get("warm_p99_ms"), met(target, "local_met"), met(target, "redis_met")));
        out.append(String.format("  paced to half that rate: in-process cache %s, Redis only %s%n", met(target, "local_paced_met"),
                met(target, "redis_paced_met")));
        List<String> contended = (List<String>) result.get("contended_runs");
        if (!contended.isEmpty()) {
            out.append("contended (other processes used the CPUs): ").append(String.join(", ", contended)).append('\n');
        }
        return out.toString();
    }

    /** A figure of the first run of that variant, kind and connection count, when there is one. */
    Optional<Double> figure(String variant, String kind, int connections, String name) {
        return runs.stream()
                .filter(run -> variant.equals(run.get("variant")) && kind.equals(run.get("kind")) && ((Number) run.get("connections")).intValue() == connections)
                .findFirst().map(run -> ((Number) run.get(name)).doubleValue());
    }

    private boolean met(String variant, String kind, double target) {
        return figure(variant, kind, 64, "p99_ms").map(p99 -> p99 <= target).orElse(false);
    }

    private static String met(Map<String, Object> target, String name) {
        return (boolean) target.get(name) ? "met" : "NOT met";
    }

    /** a ÷ b to two decimals; null when either is missing or b is 0. */
    private static Double vs(Optional<Double> a, Optional<Double> b) {
        return a.isEmpty() || b.isEmpty() || b.get() == 0 ? null : RunFigures.round(a.get() / b.get(), 2);
    }

    /** Rows as left-aligned columns two spaces apart (what {@code column -t} printed). */
    static String columns(List<List<String>> rows) {
        int[] widths = new int[rows.get(0).size()];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(i == row.size() - 1 ? row.get(i) : String.format("%-" + (widths[i] + 2) + "s", row.get(i)));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }
}
