package studio.ainative.bench.introspection;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import studio.ainative.platform.testing.LocalEnvFile;
import studio.ainative.platform.testing.ServiceProcess;

/**
 * The benchmark's own identity-service: the stack's build (a private copy, so a rebuild cannot replace the jars under
 * the JVM) with identity's local environment ({@code deploy/local/env/identity-service.env}, as ./dev starts it)
 * against the stack's PostgreSQL, Redis and database, on a port and a Redis key prefix of its own. It authenticates
 * zerodb-service, whose credential the benchmark sends. Each variant is a fresh process with settings of its own,
 * started with nothing from the caller's environment (an exported {@code IDENTITY_CACHE_LOCAL_TTL} would change the
 * variant), under {@code pin} ({@code taskset -c 0} in the split layout).
 */
final class BenchIdentity implements AutoCloseable {

    static final String KEY_PREFIX = "idn-bench:";
    static final String HEAP = "-Xmx512m";
    private static final Duration READY_WITHIN = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Path jar;
    private final Path logs;
    private final List<String> pin;
    private final Map<String, String> env;
    private final int port = ServiceProcess.freePort();
    private volatile Process process;
    private Path log;

    /** @param settings added to every variant's environment: the layout's and the run's own ({@code identity-env}) */
    BenchIdentity(Path app, Path logs, List<String> pin, Stack stack, Map<String, String> settings) {
        this.jar = app.resolve("quarkus-run.jar");
        this.logs = logs;
        this.pin = List.copyOf(pin);
        Map<String, String> values = new LinkedHashMap<>(stack.secrets());
        values.put("DB_NAME", stack.identityDatabase());
        values.put("DB_HOST", stack.pgHost());
        values.put("DB_PORT", Integer.toString(stack.pgPort()));
        values.put("REDIS_URL", "redis://" + stack.redisHost() + ":" + stack.redisPort());
        values.put("JWKS_ALLOWED_TARGETS", "");
        values.put("INTROSPECTION_CLIENTS", "zerodb-service:" + stack.serviceSecret());
        Map<String, String> all = new LinkedHashMap<>();
        all.put("PATH", System.getenv("PATH"));
        all.put("HOME", System.getProperty("user.home"));
        all.put("LANG", "C.UTF-8");
        all.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        all.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        all.putAll(LocalEnvFile.of("identity-service", values));
        all.put("IDENTITY_REDIS_KEY_PREFIX", KEY_PREFIX);
        all.putAll(settings);
        this.env = Map.copyOf(all);
        // An interrupted benchmark must not leave its identity-service running.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Process running = process;
            if (running != null) {
                running.destroyForcibly();
            }
        }));
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** The running process's pid; -1 between variants. */
    long pid() {
        Process running = process;
        return running == null ? -1 : running.pid();
    }

    /** A fresh process named {@code name} (its log: {@code identity-<name>.log}), with {@code settings} on top; ready when this returns. */
    void start(String name, Map<String, String> settings) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(pin);
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), HEAP, "-jar", jar.toString()));
        log = logs.resolve("identity-" + name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().clear();
        builder.environment().putAll(env);
        builder.environment().putAll(settings);
        System.err.printf("[bench] starting identity-service (%s) on :%d %s; log: %s%n", name, port,
                settings.isEmpty() ? "(defaults)" : settings, logs.getParent().relativize(log));
        process = builder.start();
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        while (!ready()) {
            if (!process.isAlive()) {
                throw new IllegalStateException("identity-service (" + name + ") exited before it was ready:\n" + tail(30));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("identity-service (" + name + ") was not ready within " + READY_WITHIN);
            }
            Thread.sleep(500);
        }
    }

    /** The last {@code lines} lines of the current process's log. */
    String tail(int lines) throws IOException {
        List<String> all = Files.readAllLines(log);
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /** The last five warnings and errors of the current process's log (plain or JSON lines). */
    List<String> warnings() throws IOException {
        List<String> found = Files.readAllLines(log).stream()
                .filter(line -> line.contains(" WARN ") || line.contains(" ERROR ") || line.contains("\"level\":\"WARN\"")
                        || line.contains("\"level\":\"ERROR\""))
                .toList();
        return found.subList(Math.max(0, found.size() - 5), found.size());
    }

    void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        process = null;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private boolean ready() throws InterruptedException {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/q/health/ready")).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }
}
