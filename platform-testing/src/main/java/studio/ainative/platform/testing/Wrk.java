package studio.ainative.platform.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jose4j.json.JsonUtil;
import org.jose4j.lang.JoseException;

/**
 * wrk as the benchmarks drive it: {@code [pin] wrk -tT -cC -dD --latency [options] -s script url}, its output kept in
 * a file, and the one line its Lua script's {@code done()} prints, {@code BENCH_RESULT {json}}, read back together
 * with the CPU time wrk used.
 *
 * <p>Every run gets {@code BENCH_THREADS} (wrk's {@code -t}, for scripts that share a token file out among threads)
 * and {@code BENCH_DONE_DIR}: a script whose threads finish before {@code -d} (one pass over a token file) leaves a
 * file there per thread, and wrk is then interrupted (SIGINT: it reports what it measured over the time it ran),
 * since its main thread otherwise sleeps for the whole {@code -d}.
 *
 * <p>wrk's CPU time is what this JVM's reaped children used while it ran ({@code cutime + cstime} of
 * {@code /proc/self/stat}): wrk's, as long as no other child of the benchmark ends meanwhile. Linux only.
 *
 * @param pin     a command wrk runs under, e.g. {@code taskset -c 1}; empty for none
 * @param script  the Lua script
 * @param threads wrk's {@code -t}
 */
public record Wrk(List<String> pin, Path script, int threads) {

    static final String RESULT_PREFIX = "BENCH_RESULT ";

    /** What one run measured: the script's result object and wrk's CPU seconds. */
    public record Output(Map<String, Object> result, double cpuSeconds) {

        public long requests() {
            return ((Number) result.get("requests")).longValue();
        }

        public double seconds() {
            return ((Number) result.get("seconds")).doubleValue();
        }

        /** A latency the script reported in microseconds ({@code p99_us}, say), in milliseconds to the microsecond. */
        public double ms(String microsField) {
            return Math.round(((Number) result.get(microsField)).doubleValue()) / 1000.0;
        }
    }

    public Wrk {
        pin = List.copyOf(pin);
    }

    /**
     * One run of {@code seconds} (at most) against {@code url}, with {@code env} added to the script's environment;
     * wrk's output goes to {@code log}. Fails when wrk fails or prints no result.
     */
    public Output run(String url, int connections, long seconds, List<String> options, Map<String, String> env, Path log)
            throws IOException, InterruptedException {
        Path done = Files.createTempDirectory(log.toAbsolutePath().getParent(), "wrk-done-");
        List<String> command = new ArrayList<>(pin);
        command.addAll(List.of("wrk", "-t" + threads, "-c" + connections, "-d" + seconds + "s", "--latency"));
        command.addAll(options);
        command.addAll(List.of("-s", script.toString(), url));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        builder.environment().put("BENCH_THREADS", Integer.toString(threads));
        builder.environment().put("BENCH_DONE_DIR", done.toString());
        long childTicks = childTicks();
        Process wrk = builder.start();
        // An interrupted benchmark must not leave wrk loading the service for the rest of -d.
        Thread stop = new Thread(wrk::destroyForcibly);
        Runtime.getRuntime().addShutdownHook(stop);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds + 60);
            boolean interrupted = false;
            while (!wrk.waitFor(50, TimeUnit.MILLISECONDS)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("wrk did not end: " + log);
                }
                if (!interrupted && finished(done) >= threads) {
                    interrupt(wrk);
                    interrupted = true;
                }
            }
        } finally {
            if (wrk.isAlive()) {
                wrk.destroyForcibly().waitFor();
            }
            Runtime.getRuntime().removeShutdownHook(stop);
            try (Stream<Path> markers = Files.list(done)) {
                for (Path marker : markers.toList()) {
                    Files.delete(marker);
                }
            }
            Files.delete(done);
        }
        double cpuSeconds = (childTicks() - childTicks) / ProcStat.TICKS_PER_SECOND;
        String text = Files.readString(log);
        if (wrk.exitValue() != 0) {
            throw new IllegalStateException("wrk exited with " + wrk.exitValue() + ":\n" + text);
        }
        return new Output(result(text), cpuSeconds);
    }

    /** The script's result object: the {@code BENCH_RESULT} line of wrk's output. */
    static Map<String, Object> result(String output) {
        String line = output.lines().filter(l -> l.startsWith(RESULT_PREFIX)).findFirst()
                .orElseThrow(() -> new IllegalStateException("wrk printed no result:\n" + output));
        try {
            return JsonUtil.parseJson(line.substring(RESULT_PREFIX.length()));
        } catch (JoseException e) {
            throw new IllegalStateException("wrk's result is not JSON: " + line, e);
        }
    }

    private static long finished(Path done) throws IOException {
        try (Stream<Path> markers = Files.list(done)) {
            return markers.count();
        }
    }

    private static void interrupt(Process wrk) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-INT", Long.toString(wrk.pid())).start().waitFor();
    }

    private static long childTicks() throws IOException {
        return ProcStat.childTicks(ProcStat.read(Path.of("/proc/self")));
    }
}
