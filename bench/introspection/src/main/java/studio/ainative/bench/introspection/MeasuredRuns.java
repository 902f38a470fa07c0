package studio.ainative.bench.introspection;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import studio.ainative.platform.testing.Wrk;

/**
 * The measured runs against the benchmark's identity-service, and how each is taken: a wait for a quiet machine, the
 * counters before, wrk, the counters after ({@link RunFigures}); a run during which others used the CPUs is repeated.
 * Every kept run is also appended to target/runs.jsonl with the busiest processes seen during it.
 */
final class MeasuredRuns {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Map<String, Object>> runs = new ArrayList<>();
    private final Path scripts;
    private final Path target;
    private final Layout layout;
    private final Probes probes;
    private final BenchIdentity identity;
    private final double quietMax;
    private final int quietWait;
    private final int retries;

    /**
     * @param scripts  where the wrk scripts are
     * @param target   where wrk's output and the runs' records go
     * @param quietMax the share of the CPUs others may use before and during a run
     * @param quietWait seconds to wait for that before a run, at most
     * @param retries  how often a contended run is repeated
     */
    MeasuredRuns(Path scripts, Path target, Layout layout, Probes probes, BenchIdentity identity, double quietMax, int quietWait, int retries) {
        this.scripts = scripts;
        this.target = target;
        this.layout = layout;
        this.probes = probes;
        this.identity = identity;
        this.quietMax = quietMax;
        this.quietWait = quietWait;
        this.retries = retries;
    }

    /** The runs kept so far, in the order they were measured. */
    List<Map<String, Object>> all() {
        return List.copyOf(runs);
    }

    Map<String, Object> last() {
        return runs.get(runs.size() - 1);
    }

    /** wrk with {@code script} in this layout. */
    Wrk wrk(String script) {
        return new Wrk(layout.wrkPin(), scripts.resolve(script), layout.threads());
    }

    /**
     * A measured run; one during which other processes used more than quiet-max of the CPUs is repeated, at most
     * retries times (the repeated ones go to target/runs-contended.jsonl). The last attempt is kept, with its count.
     */
    void measure(String variant, String kind, String script, int connections, int seconds, double topDelay, Map<String, String> env)
            throws Exception {
        for (int attempt = 1; ; attempt++) {
            Map<String, Object> run = measureOnce(variant, kind, script, connections, seconds, topDelay, env);
            if (!(boolean) run.get("contended") || attempt > retries) {
                run.put("attempts", attempt);
                runs.add(run);
                append(target.resolve("runs.jsonl"), run);
                return;
            }
            append(target.resolve("runs-contended.jsonl"), run);
            log("repeating: other processes shared the CPUs");
        }
    }

    private Map<String, Object> measureOnce(String variant, String kind, String script, int connections, int seconds, double topDelay,
                                            Map<String, String> env) throws Exception {
        String label = variant + "-" + kind + "-c" + connections;
        double othersBefore = waitQuiet();
        log(String.format("measuring %s (%d s; others at %d%% CPU)", label, seconds, Math.round(othersBefore * 100)));
        Snapshot before = probes.snapshot(identity.url(), identity.pid());
        CompletableFuture<List<String>> top = CompletableFuture.supplyAsync(() -> {
            try {
                Thread.sleep(Math.round(topDelay * 1000));
                return Probes.top();
            } catch (IOException | InterruptedException e) {
                throw new CompletionException(e);
            }
        });
        Wrk.Output wrk = wrk(script).run(identity.url(), connections, seconds, List.of(), env, target.resolve("wrk-" + label + ".txt"));
        Snapshot after = probes.snapshot(identity.url(), identity.pid());
        List<String> busiest = top.get(30, TimeUnit.SECONDS);
        Thread.sleep(2000); // PostgreSQL publishes a backend's counters once it has been idle for about a second
        after = new Snapshot(after.metrics(), after.redisCalls(), probes.pgTransactions(), after.sockets(), after.jvmTicks(),
                after.jvmThreadTicks(), after.redisTicks(), after.machineBusy(), after.machineTotal());
        Map<String, Object> run = RunFigures.of(variant, kind, connections, layout.threads(), wrk, before, after, othersBefore, quietMax);
        run.put("top", busiest);
        List<String> faults = RunFigures.faults(run);
        if (!faults.isEmpty()) {
            System.err.println(JSON.writeValueAsString(Map.of("errors", run.get("errors"), "server", run.get("server"))));
            throw new IllegalStateException(label + " measured something else than 200 active answers, or nothing: " + String.join("; ", faults));
        }
        Map<?, ?> cpu = (Map<?, ?>) run.get("cpu_s");
        Double during = (Double) cpu.get("others_share_during");
        log(String.format("  %d req/s  p50 %s ms  p99 %s ms  p99.9 %s ms  status errors %s%s", Math.round((Double) run.get("rps")),
                run.get("p50_ms"), run.get("p99_ms"), run.get("p999_ms"), ((Map<?, ?>) run.get("errors")).get("status"),
                (boolean) run.get("contended") ? String.format("  (contended: others used %d%% of the CPUs)", Math.round(during * 100)) : ""));
        return run;
    }

    /**
     * Waits (at most quiet-wait s) until processes other than identity's JVM (if running) and Redis use at most
     * quiet-max of the CPUs over 2 s; the share last seen.
     */
    double waitQuiet() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(quietWait);
        boolean said = false;
        while (true) {
            double share = probes.othersShare(identity.pid());
            if (share <= quietMax || System.nanoTime() >= deadline) {
                return share;
            }
            if (!said) {
                log(String.format("other processes use %d%% of the CPUs; waiting up to %d s for quiet", Math.round(share * 100), quietWait));
                said = true;
            }
            Thread.sleep(3000);
        }
    }

    private static void append(Path file, Map<String, Object> run) throws IOException {
        Files.writeString(file, JSON.writeValueAsString(run) + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static void log(String message) {
        System.err.println("[bench] " + message);
    }
}
