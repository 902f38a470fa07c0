package studio.ainative.bench.introspection;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import studio.ainative.platform.testing.ProcStat;
import studio.ainative.platform.testing.Wrk;

/**
 * One measured run as the result file records it: wrk's figures, and what the service, Redis, PostgreSQL, the JVM's
 * sockets and the CPUs counted between the snapshots before and after it.
 */
final class RunFigures {

    /** wrk's raw fields (converted below); the script's other members (errors, checks, …) are copied as they are. */
    private static final Set<String> RAW = Set.of("requests", "seconds", "mean_us", "p50_us", "p90_us", "p99_us", "p999_us", "max_us");

    private final Snapshot before;
    private final Snapshot after;

    private RunFigures(Snapshot before, Snapshot after) {
        this.before = before;
        this.after = after;
    }

    /** What the run of {@code kind} ({@code health}, {@code introspect}, {@code introspect-paced}) measured and cost. */
    static Map<String, Object> of(String variant, String kind, int connections, int threads, Wrk.Output wrk, Snapshot before, Snapshot after,
                                  double othersBefore, double quietMax) {
        return new RunFigures(before, after).figures(variant, kind, connections, threads, wrk, othersBefore, quietMax);
    }

    private Map<String, Object> figures(String variant, String kind, int connections, int threads, Wrk.Output wrk, double othersBefore,
                                        double quietMax) {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("variant", variant);
        run.put("kind", kind);
        run.put("connections", connections);
        run.put("threads", threads);
        run.put("requests", wrk.requests());
        run.put("duration_s", round(wrk.seconds(), 3));
        run.put("rps", wrk.seconds() > 0 ? round(wrk.requests() / wrk.seconds(), 1) : 0.0);
        run.put("mean_ms", round(((Number) wrk.result().get("mean_us")).doubleValue() / 1000, 3));
        for (String p : List.of("p50", "p90", "p99", "p999", "max")) {
            run.put(p + "_ms", wrk.ms(p + "_us"));
        }
        wrk.result().forEach((name, value) -> {
            if (!RAW.contains(name)) {
                run.put(name, value);
            }
        });

        double answers = msum("identity_introspections_total{");
        double active = m("identity_introspections_total{outcome=\"active\"}");
        double localHits = m("identity_cache_lookups_total{cache=\"local\",result=\"hit\"}");
        double localMisses = m("identity_cache_lookups_total{cache=\"local\",result=\"miss\"}");
        double redisHits = m("identity_cache_lookups_total{cache=\"redis\",result=\"hit\"}");
        double redisMisses = m("identity_cache_lookups_total{cache=\"redis\",result=\"miss\"}");
        double verifications = msum("identity_verifications_total{");
        Map<String, Object> server = new LinkedHashMap<>();
        server.put("answers", count(answers));
        server.put("active", count(active));
        server.put("not_active", count(answers - active));
        server.put("latency_p50_ms", quantile(0.5));
        server.put("latency_p99_ms", quantile(0.99));
        server.put("local_hits", count(localHits));
        server.put("local_misses", count(localMisses));
        server.put("local_hit_ratio", ratio(localHits, localHits + localMisses));
        server.put("redis_hits", count(redisHits));
        server.put("redis_misses", count(redisMisses));
        server.put("redis_hit_ratio", ratio(redisHits, redisHits + redisMisses));
        server.put("redis_lookups_per_answer", ratio(redisHits + redisMisses, answers));
        server.put("verifications", count(verifications));
        server.put("verifications_per_answer", ratio(verifications, answers));
        server.put("jwks_fetches", count(msum("identity_jwks_fetches_total{")));
        server.put("provider_email_lookups", count(msum("identity_provider_email_lookups_total{")));
        server.put("redis_errors", count(m("identity_redis_errors_total")));
        server.put("redis_skipped", count(m("identity_redis_skipped_total")));
        run.put("server", server);

        // The Redis client in the identity JVM (Vert.x metrics): commands sent, time waiting for one of its pooled
        // connections, time per command as the client sees it.
        double commands = msum("redis_commands_count_total{");
        double waits = msum("redis_pool_queue_delay_seconds_count{");
        double timed = msum("redis_commands_duration_seconds_count{");
        Map<String, Object> client = new LinkedHashMap<>();
        client.put("commands", count(commands));
        client.put("commands_per_answer", ratio(commands, answers));
        client.put("pool_waits", count(waits));
        client.put("pool_wait_mean_ms", waits > 0 ? round(msum("redis_pool_queue_delay_seconds_sum{") / waits * 1000, 3) : null);
        client.put("command_mean_ms", timed > 0 ? round(msum("redis_commands_duration_seconds_sum{") / timed * 1000, 3) : null);
        client.put("pool_rejected", count(msum("redis_pool_rejected_total{")));
        run.put("redis_client", client);

        Map<String, Object> gc = new LinkedHashMap<>();
        gc.put("pauses", count(msum("jvm_gc_pause_seconds_count{")));
        gc.put("pause_s", round(msum("jvm_gc_pause_seconds_sum{"), 3));
        run.put("gc", gc);

        Map<String, Object> redis = new LinkedHashMap<>();
        redis.put("mget", calls("mget"));
        redis.put("eval", calls("eval"));
        redis.put("set", calls("set"));
        redis.put("all", calls("total"));
        redis.put("mget_per_answer", ratio(calls("mget"), answers));
        redis.put("eval_per_answer", ratio(calls("eval"), answers));
        run.put("redis_commands", redis);
        run.put("pg_transactions", after.pgTransactions() - before.pgTransactions());

        Map<String, Object> sockets = new LinkedHashMap<>();
        for (String peer : new TreeSet<>(after.sockets().keySet())) {
            long sent = socket(peer, "bytes_sent");
            long received = socket(peer, "bytes_received");
            long writes = socket(peer, "data_segs_out");
            Map<String, Object> io = new LinkedHashMap<>();
            io.put("connections", after.sockets().get(peer).get("connections"));
            io.put("bytes_sent", sent);
            io.put("bytes_received", received);
            io.put("writes", writes);
            io.put("bytes_sent_per_answer", ratio(sent, answers));
            io.put("bytes_received_per_answer", ratio(received, answers));
            io.put("writes_per_answer", ratio(writes, answers));
            sockets.put(peer, io);
        }
        run.put("jvm_socket_io", sockets);

        double jvm = seconds(after.jvmTicks() - before.jvmTicks());
        double redisCpu = seconds(after.redisTicks() - before.redisTicks());
        double busy = seconds(after.machineBusy() - before.machineBusy());
        double total = seconds(after.machineTotal() - before.machineTotal());
        double others = Math.max(busy - jvm - redisCpu - wrk.cpuSeconds(), 0);
        Map<String, Object> cpu = new LinkedHashMap<>();
        cpu.put("identity_jvm", jvm);
        Map<String, Object> threadsCpu = new LinkedHashMap<>();
        after.jvmThreadTicks().forEach((threadKind, ticks) ->
                threadsCpu.put(threadKind, Math.max(seconds(ticks - before.jvmThreadTicks().getOrDefault(threadKind, 0L)), 0)));
        cpu.put("identity_jvm_threads", threadsCpu);
        cpu.put("redis", redisCpu);
        cpu.put("wrk", wrk.cpuSeconds());
        cpu.put("machine_busy", busy);
        cpu.put("other", round(others, 2));
        cpu.put("machine_utilisation", ratio(busy, total));
        cpu.put("jvm_us_per_request", wrk.requests() > 0 ? Math.round(jvm / wrk.requests() * 1e6) : null);
        cpu.put("others_share_before", othersBefore);
        cpu.put("others_share_during", ratio(others, total));
        run.put("cpu_s", cpu);
        run.put("contended", othersBefore > quietMax || others / Math.max(total, 1) > quietMax);
        return run;
    }

    /**
     * An introspection run whose answers were not all 200 {@code "active":true} measured something else; a run without
     * requests measured nothing. Empty when the run is sound, else what is wrong.
     */
    @SuppressWarnings("unchecked")
    static List<String> faults(Map<String, Object> run) {
        List<String> faults = new ArrayList<>();
        if (((Number) run.get("requests")).longValue() == 0) {
            faults.add("no request was answered");
        }
        if (((String) run.get("kind")).startsWith("introspect")) {
            Map<String, Object> errors = (Map<String, Object>) run.get("errors");
            Map<String, Object> server = (Map<String, Object>) run.get("server");
            Map<String, Object> checks = (Map<String, Object>) run.get("checks");
            if (((Number) errors.get("status")).longValue() > 0) {
                faults.add(errors.get("status") + " answers with a status above 399");
            }
            if (((Number) server.get("not_active")).doubleValue() > 0 || ((Number) server.get("active")).doubleValue() == 0) {
                faults.add("the service counted " + server.get("active") + " active answers of " + server.get("answers"));
            }
            if (checks != null && ((Number) checks.get("not_active")).longValue() > 0) {
                faults.add(checks.get("not_active") + " answers were not \"active\":true");
            }
        }
        return faults;
    }

    private double m(String series) {
        return after.metrics().getOrDefault(series, 0.0) - before.metrics().getOrDefault(series, 0.0);
    }

    private double msum(String prefix) {
        return after.metrics().keySet().stream().filter(series -> series.startsWith(prefix)).mapToDouble(this::m).sum();
    }

    private long calls(String command) {
        return after.redisCalls().getOrDefault(command, 0L) - before.redisCalls().getOrDefault(command, 0L);
    }

    private long socket(String peer, String counter) {
        return after.sockets().get(peer).get(counter) - before.sockets().getOrDefault(peer, Map.of()).getOrDefault(counter, 0L);
    }

    /**
     * The server-side quantile of {@code identity_introspection_seconds} over the run, from the deltas of its histogram
     * buckets: the upper bound of the first bucket that holds the quantile, in ms; null without answers or above the
     * last finite bound.
     */
    private Double quantile(double q) {
        String prefix = "identity_introspection_seconds_bucket{";
        List<double[]> buckets = new ArrayList<>();
        for (String series : after.metrics().keySet()) {
            if (series.startsWith(prefix)) {
                int le = series.indexOf("le=\"");
                String bound = series.substring(le + 4, series.indexOf('"', le + 4));
                buckets.add(new double[] {bound.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(bound), m(series)});
            }
        }
        buckets.sort(Comparator.comparingDouble(b -> b[0]));
        double n = buckets.isEmpty() ? 0 : buckets.get(buckets.size() - 1)[1];
        if (n == 0) {
            return null;
        }
        for (double[] bucket : buckets) {
            if (bucket[1] >= q * n) {
                return Double.isInfinite(bucket[0]) ? null : round(bucket[0] * 1000, 3);
            }
        }
        return null;
    }

    private static double seconds(long ticks) {
        return ticks / ProcStat.TICKS_PER_SECOND;
    }

    /** x / y to four decimals; null when y is 0. */
    static Double ratio(double x, double y) {
        return y == 0 ? null : round(x / y, 4);
    }

    static double round(double x, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(x * scale) / scale;
    }

    /** A counter's delta as the integer it is (Prometheus exposes counters as doubles). */
    private static Object count(double x) {
        return x == Math.rint(x) && Math.abs(x) < 1e15 ? (Object) (long) x : (Object) x;
    }
}
