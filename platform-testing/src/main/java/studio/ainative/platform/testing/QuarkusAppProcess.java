package studio.ainative.platform.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A service of this reactor as it ships: its packaged {@code target/quarkus-app}, in a JVM of its
 * own on a free port of 127.0.0.1 (prod profile), ready once {@code /q/health/ready} answers 200.
 * Stoppable and restartable on the same port, so a test can take the service away and give it back.
 */
public final class QuarkusAppProcess implements AutoCloseable {

    private static final Duration READY_WITHIN = Duration.ofSeconds(90);

    private final String module;
    private final List<String> jvmArguments;
    private final int port = ServiceProcess.freePort();
    private final Map<String, String> env;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;

    /**
     * @param module the reactor module, e.g. {@code identity-service}
     * @param heap   the JVM's {@code -Xmx}, e.g. {@code 256m}; null leaves it to {@code JAVA_TOOL_OPTIONS} in {@code env}
     *               (a deployment's settings) or the JVM's own choice
     * @param env    the service's environment (the HTTP host and port are added)
     * @param log    where its output goes (appended over restarts)
     */
    public QuarkusAppProcess(String module, String heap, Map<String, String> env, Path log) {
        this(module, heap == null ? List.of() : List.of("-Xmx" + heap), env, log);
    }

    /**
     * As above, with the JVM's arguments before {@code -jar} instead of a heap size: the service launched as its image's
     * ENTRYPOINT launches it (e.g. {@code -XX:AOTCache=...}), or with no argument at all.
     */
    public QuarkusAppProcess(String module, List<String> jvmArguments, Map<String, String> env, Path log) {
        this.module = module;
        this.jvmArguments = List.copyOf(jvmArguments);
        Map<String, String> all = new HashMap<>(env);
        all.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        all.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        this.env = Map.copyOf(all);
        this.log = log;
    }

    /** As above, logging to {@code target/<module>-<port>.log} of the working directory. */
    public QuarkusAppProcess(String module, String heap, Map<String, String> env) {
        this(module, heap, env, null);
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** The running process (its pid, CPU time and memory), if started. */
    public synchronized java.util.Optional<ProcessHandle> handle() {
        return process == null ? java.util.Optional.empty() : java.util.Optional.of(process.toHandle());
    }

    public synchronized QuarkusAppProcess start() {
        Path output = logFile();
        // service.java.home: another JDK for the service than the one running this (a benchmark trying the image's JDK).
        String javaHome = System.getProperty("service.java.home", System.getProperty("java.home"));
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(javaHome, "bin", "java").toString()));
        command.addAll(jvmArguments);
        command.addAll(List.of("-jar", jar(module).toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
        builder.environment().putAll(env);
        try {
            Files.createDirectories(output.toAbsolutePath().getParent());
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitReady();
        return this;
    }

    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    @Override
    public void close() {
        stop();
    }

    /** The last 60 lines of the service's output. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile());
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /**
     * {@code <module>/target/quarkus-app/quarkus-run.jar} of this reactor, found from the working
     * directory: the module itself, a sibling module, or any directory below the reactor root.
     */
    public static Path jar(String module) {
        Path relative = Path.of("target", "quarkus-app", "quarkus-run.jar");
        Path dir = Path.of("").toAbsolutePath();
        if (dir.endsWith(module) && Files.isRegularFile(dir.resolve(relative))) {
            return dir.resolve(relative);
        }
        for (Path up = dir; up != null; up = up.getParent()) {
            Path candidate = up.resolve(module).resolve(relative);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
            if (Files.isRegularFile(up.resolve("mvnw"))) {
                break; // the reactor root, and the module is not built
            }
        }
        throw new IllegalStateException(module + "/target/quarkus-app/quarkus-run.jar is missing: build " + module
                + " first (./mvnw -pl " + module + " package -DskipTests, or run the whole reactor)");
    }

    private Path logFile() {
        return log != null ? log : Path.of("target", module + "-" + port + ".log");
    }

    private void awaitReady() {
        Instant deadline = Instant.now().plus(READY_WITHIN);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(module + " exited with " + process.exitValue() + ":\n" + logTail());
            }
            try {
                HttpResponse<Void> ready = http.send(HttpRequest.newBuilder(URI.create(url() + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        stop();
        throw new IllegalStateException(module + " not ready within " + READY_WITHIN + ":\n" + logTail());
    }
}
