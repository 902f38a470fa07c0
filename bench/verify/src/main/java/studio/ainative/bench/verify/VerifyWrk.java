package studio.ainative.bench.verify;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import studio.ainative.platform.testing.Wrk;

/**
 * One wrk run against {@code GET /api/v1/auth/verify} with {@code verify.lua}, and its result (see the script) read
 * back.
 */
final class VerifyWrk {

    /**
     * What one run measured; latencies in milliseconds, every latency recorded ({@code latencyUs}: microseconds to how
     * many requests took them), and the CPU wrk itself used ({@link Wrk.Output#cpuSeconds}).
     */
    record Result(long requests, double seconds, double p50, double p90, double p99, double p999, double max, long socketErrors,
                  long timeouts, long invalid, long wrapped, String firstInvalid, double cpuSeconds, NavigableMap<Long, Long> latencyUs) {

        /**
         * The rounds of one phase as one result: their requests over their time, and the percentiles of their latencies
         * pooled, taken as wrk takes them from its own.
         */
        static Result ofRounds(List<Result> rounds) {
            NavigableMap<Long, Long> latencies = new TreeMap<>();
            rounds.forEach(round -> round.latencyUs().forEach((us, count) -> latencies.merge(us, count, Long::sum)));
            return new Result(rounds.stream().mapToLong(Result::requests).sum(), rounds.stream().mapToDouble(Result::seconds).sum(),
                    percentile(latencies, 50), percentile(latencies, 90), percentile(latencies, 99), percentile(latencies, 99.9),
                    latencies.isEmpty() ? 0 : ms(latencies.lastKey()),
                    rounds.stream().mapToLong(Result::socketErrors).sum(), rounds.stream().mapToLong(Result::timeouts).sum(),
                    rounds.stream().mapToLong(Result::invalid).sum(), rounds.stream().mapToLong(Result::wrapped).sum(),
                    rounds.stream().map(Result::firstInvalid).filter(first -> !first.isEmpty()).findFirst().orElse(""),
                    rounds.stream().mapToDouble(Result::cpuSeconds).sum(), latencies);
        }

        /** wrk's percentile (stats.c): the first latency at which the running count reaches round(p% of all + 0.5). */
        static double percentile(NavigableMap<Long, Long> latencies, double p) {
            long all = latencies.values().stream().mapToLong(Long::longValue).sum();
            long rank = Math.round(p / 100.0 * all + 0.5);
            long seen = 0;
            for (Map.Entry<Long, Long> latency : latencies.entrySet()) {
                seen += latency.getValue();
                if (seen >= rank) {
                    return ms(latency.getKey());
                }
            }
            return 0;
        }

        double perSecond() {
            return requests / seconds;
        }

        /** The CPU wrk used, as the targets' is measured. */
        Duration cpu() {
            return Duration.ofNanos(Math.round(cpuSeconds * 1e9));
        }

        /** Every answer was a valid 200, and no socket failed. */
        boolean clean() {
            return invalid == 0 && socketErrors == 0 && timeouts == 0;
        }

        Map<String, Object> figures() {
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("requests_per_s", Math.round(perSecond()));
            figures.put("p50_ms", p50);
            figures.put("p90_ms", p90);
            figures.put("p99_ms", p99);
            figures.put("p999_ms", p999);
            figures.put("max_ms", max);
            figures.put("requests", requests);
            figures.put("invalid", invalid);
            figures.put("socket_errors", socketErrors);
            figures.put("timeouts", timeouts);
            figures.put("wrapped", wrapped);
            if (!firstInvalid.isEmpty()) {
                figures.put("first_invalid", firstInvalid);
            }
            return figures;
        }
    }

    private final Wrk wrk;
    private final int connections;
    private final Path log;

    VerifyWrk(Path script, int threads, int connections, Path log) {
        this.wrk = new Wrk(List.of(), script, threads);
        this.connections = connections;
        this.log = log;
    }

    /** {@code wrk -t -c -d --latency --timeout 5s -s verify.lua <url>/api/v1/auth/verify} sending {@code tokens}' lines. */
    Result run(String baseUrl, Path tokens, int seconds) throws IOException, InterruptedException {
        Wrk.Output out = wrk.run(baseUrl + "/api/v1/auth/verify", connections, seconds, List.of("--timeout", "5s"),
                Map.of("BENCH_TOKENS_FILE", tokens.toString()), log);
        Map<String, Object> r = out.result();
        NavigableMap<Long, Long> latencies = new TreeMap<>();
        for (Object pair : (List<?>) r.get("latency_us")) {
            latencies.merge(((Number) ((List<?>) pair).get(0)).longValue(), ((Number) ((List<?>) pair).get(1)).longValue(), Long::sum);
        }
        return new Result(out.requests(), out.seconds(), ms(r, "p50_us"), ms(r, "p90_us"), ms(r, "p99_us"), ms(r, "p999_us"),
                ms(r, "max_us"), count(r, "socket_errors"), count(r, "timeouts"), count(r, "invalid"), count(r, "wrapped"),
                (String) r.get("first_invalid"), out.cpuSeconds(), latencies);
    }

    private static double ms(Map<String, Object> result, String field) {
        return ms(((Number) result.get(field)).longValue());
    }

    /** A latency in microseconds as milliseconds to the hundredth, as this benchmark reports them. */
    private static double ms(long us) {
        return Math.round(us / 10.0) / 100.0;
    }

    private static long count(Map<String, Object> result, String field) {
        return ((Number) result.get(field)).longValue();
    }
}
