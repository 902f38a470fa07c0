package studio.ainative.bench.introspection;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import studio.ainative.platform.testing.ProcStat;

/**
 * Reads the counters around a run ({@link Snapshot}) from where they live: identity's {@code /q/metrics}, Redis's
 * INFO, PostgreSQL's {@code pg_stat_database} (psql), the JVM's sockets ({@code ss}) and {@code /proc}.
 */
final class Probes {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Stack stack;
    private final Redis redis;
    private final long redisPid;

    Probes(Stack stack, Redis redis) throws IOException {
        this.stack = stack;
        this.redis = redis;
        this.redisPid = Long.parseLong(redis.info("server").get("process_id"));
    }

    /** The counters now, of the identity JVM {@code jvm} answering at {@code url}. */
    Snapshot snapshot(String url, long jvm) throws IOException, InterruptedException {
        Map<String, Double> metrics = Snapshot.metrics(get(url + "/q/metrics"));
        Map<String, Long> calls = Snapshot.commandCalls(redis.info("commandstats"));
        calls.put("total", Long.parseLong(redis.info("stats").get("total_commands_processed")));
        Map<Integer, String> peers = new LinkedHashMap<>();
        peers.put(stack.pgPort(), "postgresql");
        peers.put(stack.redisPort(), "redis");
        peers.put(stack.devkitPort(), "idp");
        String ss = command("ss", "-tinpH", "state", "established", "( dport = :" + stack.pgPort() + " or dport = :" + stack.redisPort()
                + " or dport = :" + stack.devkitPort() + " )");
        long[] machine = Snapshot.machineTicks(Files.readAllLines(Path.of("/proc/stat")).get(0));
        return new Snapshot(metrics, calls, pgTransactions(), Snapshot.sockets(ss, jvm, peers), ticks(jvm), threadTicks(jvm),
                ticks(redisPid), machine[0], machine[1]);
    }

    /**
     * Commits and rollbacks of identity's database so far. PostgreSQL publishes a backend's counters once it has
     * been idle for about a second: read after a run, wait first.
     */
    long pgTransactions() throws IOException, InterruptedException {
        return Long.parseLong(command(Map.of("PGPASSWORD", "identity_app_local"), "psql", "-h", stack.pgHost(), "-p",
                Integer.toString(stack.pgPort()), "-U", "identity_app", "-d", "postgres", "-Xqw", "-tAc",
                "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = '" + stack.identityDatabase() + "'").strip());
    }

    /** PostgreSQL's and Redis's versions, for the record of the machine. */
    Map<String, Object> versions() throws IOException, InterruptedException {
        Map<String, Object> versions = new LinkedHashMap<>();
        versions.put("redis", redis.info("server").get("redis_version"));
        versions.put("postgresql", command(Map.of("PGPASSWORD", "identity_app_local"), "psql", "-h", stack.pgHost(), "-p",
                Integer.toString(stack.pgPort()), "-U", "identity_app", "-d", "postgres", "-Xqw", "-tAc", "SHOW server_version").strip());
        return versions;
    }

    /**
     * The share of the machine's CPU that processes other than the identity JVM {@code jvm} and Redis used over 2 s
     * (wrk is not running between runs), to three decimals.
     */
    double othersShare(long jvm) throws IOException, InterruptedException {
        long[] before = Snapshot.machineTicks(Files.readAllLines(Path.of("/proc/stat")).get(0));
        long oursBefore = ticks(jvm) + ticks(redisPid);
        Thread.sleep(2000);
        long[] after = Snapshot.machineTicks(Files.readAllLines(Path.of("/proc/stat")).get(0));
        long ours = ticks(jvm) + ticks(redisPid) - oursBefore;
        long total = after[1] - before[1];
        double share = total > 0 ? (after[0] - before[0] - ours) / (double) total : 0;
        return Math.round(Math.max(share, 0) * 1000) / 1000.0;
    }

    /**
     * What {@code top} would show over the next 2 s: the busiest processes, each as {@code pid %cpu name} (100% is one
     * CPU), for a look at who shared the machine in a contended run.
     */
    static List<String> top() throws IOException, InterruptedException {
        Map<Long, Long> before = allTicks();
        Thread.sleep(2000);
        Map<Long, Long> after = allTicks();
        List<long[]> busy = new ArrayList<>();
        after.forEach((pid, ticks) -> busy.add(new long[] {pid, ticks - before.getOrDefault(pid, 0L)}));
        busy.sort(Comparator.comparingLong((long[] p) -> p[1]).reversed());
        List<String> lines = new ArrayList<>();
        for (long[] process : busy.subList(0, Math.min(12, busy.size()))) {
            lines.add(String.format("%8d %6.1f%% %s", process[0], process[1] / ProcStat.TICKS_PER_SECOND / 2 * 100, name(process[0])));
        }
        return lines;
    }

    /** CPU ticks the process has used; 0 when it is gone. */
    static long ticks(long pid) {
        try {
            return ProcStat.ticks(ProcStat.read(Path.of("/proc", Long.toString(pid))));
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * CPU ticks of the JVM's threads by kind ({@link Snapshot#threadKind}). The JDK stops idle compiler threads, and
     * the ticks of a thread that ended are lost, so a kind can come out slightly low.
     */
    static Map<String, Long> threadTicks(long pid) throws IOException {
        Map<String, Long> kinds = new LinkedHashMap<>();
        for (String kind : List.of("event_loops", "jit", "gc_vm", "other")) {
            kinds.put(kind, 0L);
        }
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        if (!Files.isDirectory(tasks)) {
            return kinds;
        }
        try (Stream<Path> threads = Files.list(tasks)) {
            for (Path thread : threads.toList()) {
                try {
                    kinds.merge(Snapshot.threadKind(Files.readString(thread.resolve("comm")).strip()), ProcStat.ticks(ProcStat.read(thread)), Long::sum);
                } catch (IOException e) {
                    // the thread ended meanwhile
                }
            }
        }
        return kinds;
    }

    static String get(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(url + " answered " + response.statusCode());
        }
        return response.body();
    }

    static String command(String... command) throws IOException, InterruptedException {
        return command(Map.of(), command);
    }

    static String command(Map<String, String> env, String... command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " exited with " + process.exitValue() + ": " + out);
        }
        return out;
    }

    private static Map<Long, Long> allTicks() throws IOException {
        Map<Long, Long> ticks = new LinkedHashMap<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            for (Path entry : entries.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
                long pid = Long.parseLong(entry.getFileName().toString());
                ticks.put(pid, ticks(pid));
            }
        }
        return ticks;
    }

    private static String name(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "comm")).strip();
        } catch (IOException e) {
            return "?";
        }
    }
}
