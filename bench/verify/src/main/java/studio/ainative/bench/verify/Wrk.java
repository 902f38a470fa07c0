package studio.ainative.bench.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One wrk run against {@code GET /api/v1/auth/verify} with {@code verify.lua}: the command, and its one-line result
 * (see the script) read back.
 */
final class Wrk {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What one run measured; latencies in milliseconds. */
    record Result(long requests, double seconds, double p50, double p90, double p99, double p999, double max, long socketErrors,
                  long timeouts, long invalid, long wrapped, String firstInvalid) {

        double perSecond() {
            return requests / seconds;
        }

        /** Every answer was a valid 200, and no socket failed. */
        boolean clean() {
            return invalid == 0 && socketErrors == 0 && timeouts == 0;
        }

        Map<String, Object> figures() {
            Map<String, Object> figures = new java.util.LinkedHashMap<>();
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

    private final Path script;
    private final int threads;
    private final int connections;

    Wrk(Path script, int threads, int connections) {
        this.script = script;
        this.threads = threads;
        this.connections = connections;
    }

    /** {@code wrk -t -c -d --latency -s verify.lua <url>/api/v1/auth/verify} sending {@code tokens}' lines. */
    Result run(String baseUrl, Path tokens, int seconds) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(List.of("wrk", "-t" + threads, "-c" + connections, "-d" + seconds + "s",
                "--timeout", "5s", "--latency", "-s", script.toString(), baseUrl + "/api/v1/auth/verify"))
                .redirectErrorStream(true);
        builder.environment().put("BENCH_TOKENS_FILE", tokens.toString());
        builder.environment().put("BENCH_THREADS", Integer.toString(threads));
        Process wrk = builder.start();
        byte[] output = wrk.getInputStream().readAllBytes();
        if (!wrk.waitFor(seconds + 60L, TimeUnit.SECONDS)) {
            wrk.destroyForcibly();
            throw new IllegalStateException("wrk did not end");
        }
        String text = new String(output, StandardCharsets.UTF_8);
        String line = text.lines().filter(l -> l.startsWith("BENCH_RESULT ")).findFirst()
                .orElseThrow(() -> new IllegalStateException("wrk exited with " + wrk.exitValue() + " and no result:\n" + text));
        JsonNode r = JSON.readTree(line.substring("BENCH_RESULT ".length()));
        return new Result(r.get("requests").asLong(), r.get("seconds").asDouble(), ms(r, "p50_us"), ms(r, "p90_us"), ms(r, "p99_us"),
                ms(r, "p999_us"), ms(r, "max_us"), r.get("socket_errors").asLong(), r.get("timeouts").asLong(), r.get("invalid").asLong(),
                r.get("wrapped").asLong(), r.get("first_invalid").asText());
    }

    private static double ms(JsonNode result, String field) {
        return Math.round(result.get(field).asDouble() / 10.0) / 100.0;
    }
}
