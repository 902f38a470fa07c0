package studio.ainative.platform.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** What every end-to-end benchmark's {@code main} does around its run: arguments, and leaving the JVM. */
public final class BenchMain {

    /** A benchmark's run. */
    @FunctionalInterface
    public interface Run {
        void run(Map<String, String> options) throws Exception;
    }

    private BenchMain() {
    }

    /**
     * Runs {@code benchmark} with {@code defaults} overridden by {@code key=value} arguments (one without
     * {@code =} or naming an unknown key is refused), then exits: 0 when it ended, 1 when it failed. Exiting
     * matters: the fixtures' HTTP servers and the model's pool would otherwise keep the JVM alive, after a
     * failure too.
     */
    /** As below, with the defaults as {@code {name, value}} pairs, in the order they are listed. */
    public static void main(String[][] defaults, String[] args, Run benchmark) {
        Map<String, String> ordered = new LinkedHashMap<>();
        for (String[] option : defaults) {
            ordered.put(option[0], option[1]);
        }
        main(ordered, args, benchmark);
    }

    public static void main(Map<String, String> defaults, String[] args, Run benchmark) {
        try {
            benchmark.run(options(defaults, args));
        } catch (Throwable failure) {
            failure.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    /** The machine a benchmark ran on: CPU model and count, JDK, kernel, load average at the start, the commit of {@code repo}. */
    public static Map<String, Object> machine(Path repo) {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cpu", firstLine("/proc/cpuinfo", "model name").map(line -> line.substring(line.indexOf(':') + 1).trim()).orElse("unknown"));
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        machine.put("kernel", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        machine.put("load_average_at_start", loadAverage());
        machine.put("commit", command(repo, "git", "describe", "--always", "--dirty"));
        return machine;
    }

    /** What {@code command} printed (trimmed), run in {@code dir}, or "unknown" when it failed. */
    public static String command(Path dir, String... command) {
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return process.waitFor() == 0 ? out : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    /** The 1, 5 and 15 minute load averages, as {@code /proc/loadavg} starts. */
    public static String loadAverage() {
        return firstLine("/proc/loadavg", "").map(line -> String.join(" ", java.util.Arrays.copyOf(line.split(" "), 3))).orElse("");
    }

    private static Optional<String> firstLine(String file, String prefix) {
        try (var lines = Files.lines(Path.of(file))) {
            return lines.filter(line -> line.startsWith(prefix)).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static Map<String, String> options(Map<String, String> defaults, String[] args) {
        Map<String, String> options = new LinkedHashMap<>(defaults);
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq < 1 || !options.containsKey(arg.substring(0, eq))) {
                throw new IllegalArgumentException("unknown argument " + arg + "; known: " + options.keySet());
            }
            options.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        return options;
    }
}
