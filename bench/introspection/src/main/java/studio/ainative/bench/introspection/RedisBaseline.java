package studio.ainative.bench.introspection;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Redis alone: redis-benchmark of the {@code MGET} identity-service sends for the warm token (its principal key and
 * the absent negative key), with 1 client (one round trip) and 64 (wrk's concurrency).
 */
final class RedisBaseline {

    private RedisBaseline() {
    }

    /** The result's {@code baselines.redis}: the command, the principal's size and a row per client count. */
    static Map<String, Object> measure(Redis redis, Stack stack, List<String> pin, String warmToken) throws IOException, InterruptedException {
        // identity keys an answer by SHA-256 of the token, a newline and the project hint (none here).
        String digest = sha256Hex(warmToken + "\n");
        String principal = BenchIdentity.KEY_PREFIX + "p:" + digest;
        String negative = BenchIdentity.KEY_PREFIX + "n:" + digest;
        if ((Long) redis.call("EXISTS", principal) != 1) {
            throw new IllegalStateException("the warm token's principal (" + principal + ") is not in Redis; cannot measure its MGET");
        }
        long bytes = (Long) redis.call("STRLEN", principal);
        System.err.printf("[bench] Redis baseline: MGET of the warm principal (%d bytes), 1 and 64 clients%n", bytes);
        Map<String, Object> baseline = new LinkedHashMap<>();
        baseline.put("command", "MGET <prefix>p:<digest> <prefix>n:<digest>");
        baseline.put("value_bytes", bytes);
        baseline.put("clients_1", row(benchmark(stack, pin, 1, 20_000, principal, negative)));
        baseline.put("clients_64", row(benchmark(stack, pin, 64, 200_000, principal, negative)));
        return baseline;
    }

    /**
     * One line of {@code redis-benchmark --csv}:
     * {@code "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"}.
     */
    static Map<String, Object> row(String csvLine) {
        String[] f = csvLine.strip().replace("\"", "").split(",");
        if (f.length < 8) {
            throw new IllegalStateException("not a line of redis-benchmark --csv: " + csvLine);
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("rps", Double.parseDouble(f[1]));
        row.put("avg_ms", Double.parseDouble(f[2]));
        row.put("p50_ms", Double.parseDouble(f[4]));
        row.put("p95_ms", Double.parseDouble(f[5]));
        row.put("p99_ms", Double.parseDouble(f[6]));
        row.put("max_ms", Double.parseDouble(f[7]));
        return row;
    }

    /** The last line redis-benchmark printed: the test's figures. */
    private static String benchmark(Stack stack, List<String> pin, int clients, int requests, String... keys)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(pin);
        command.addAll(List.of("redis-benchmark", "-h", stack.redisHost(), "-p", Integer.toString(stack.redisPort()), "-c",
                Integer.toString(clients), "-n", Integer.toString(requests), "--csv", "MGET"));
        command.addAll(List.of(keys));
        List<String> lines = Probes.command(command.toArray(String[]::new)).strip().lines().toList();
        return lines.get(lines.size() - 1);
    }

    private static String sha256Hex(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
