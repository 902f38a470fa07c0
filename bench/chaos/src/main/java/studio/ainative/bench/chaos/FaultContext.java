package studio.ainative.bench.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** What a fault works with: the stack, the load, fresh users, metrics, and the script that does the injecting. */
final class FaultContext {

    final Stack stack;
    final Http http;
    final Recorder recorder;
    final Workload workload;
    final Users users;
    final Metrics metrics;
    final RedisProbe redis;
    final Form form;
    private final Path faultScript;
    private final Path logDir;

    FaultContext(Stack stack, Http http, Recorder recorder, Workload workload, Users users, Metrics metrics, RedisProbe redis,
            Form form, Path faultScript, Path logDir) {
        this.stack = stack;
        this.http = http;
        this.recorder = recorder;
        this.workload = workload;
        this.users = users;
        this.metrics = metrics;
        this.redis = redis;
        this.form = form;
        this.faultScript = faultScript;
        this.logDir = logDir;
    }

    /** Runs {@code bench/chaos/fault.sh ACTION [ARG]} (it does the stopping, killing and starting); fails when it does. */
    void script(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", faultScript.toString()));
        command.addAll(List.of(args));
        Path log = logDir.resolve("fault.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not end within 180 s (" + log + ")");
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (" + log + ")");
        }
    }

    void sleepUntil(long ms) throws InterruptedException {
        long wait = ms - recorder.nowMs();
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }

    /** A condition a fault polls for (a probe answering, a metric reaching a value). */
    @FunctionalInterface
    interface Condition {
        boolean holds() throws Exception;
    }

    /** Seconds from now until {@code condition} held, polled every {@code pollMs}; null when it had not by {@code deadlineMs}. */
    Double secondsUntil(long deadlineMs, long pollMs, Condition condition) throws Exception {
        long from = recorder.nowMs();
        while (recorder.nowMs() < deadlineMs) {
            if (condition.holds()) {
                return (recorder.nowMs() - from) / 1000.0;
            }
            sleepUntil(recorder.nowMs() + pollMs);
        }
        return null;
    }

    /** A service's pid as {@code ./dev} recorded it; empty when none. */
    String pid(String service) throws IOException {
        Path file = stack.pidFile(service);
        return Files.exists(file) ? Files.readString(file).trim() : "";
    }

    /** Lines of a service's logs (the current one and the one before its last restart) containing {@code text}. */
    long logLines(String service, String text) throws IOException {
        long count = 0;
        Path current = stack.log(service);
        for (Path log : List.of(current, current.resolveSibling(current.getFileName() + ".1"))) {
            if (Files.exists(log)) {
                try (var lines = Files.lines(log, StandardCharsets.UTF_8)) {
                    count += lines.filter(line -> line.contains(text)).count();
                }
            }
        }
        return count;
    }

    double metric(String service, String name, Map<String, String> labels) {
        return metrics.sum(stack.service(service), name, labels);
    }
}
