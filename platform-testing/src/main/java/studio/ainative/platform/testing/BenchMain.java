package studio.ainative.platform.testing;

import java.util.LinkedHashMap;
import java.util.Map;

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
    public static void main(Map<String, String> defaults, String[] args, Run benchmark) {
        try {
            benchmark.run(options(defaults, args));
        } catch (Throwable failure) {
            failure.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
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
