package studio.ainative.bench.introspection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the JVM and wrk run. split: the identity JVM alone on CPU 0 with the deployment's event-loop count (a replica
 * as deployed: a limit of 1 CPU), wrk (one thread) and redis-benchmark on CPU 1. shared: nothing pinned, wrk -t2.
 */
record Layout(String name, int threads, List<String> jvmPin, List<String> wrkPin, Map<String, String> env, String description) {

    private static final Pattern EVENT_LOOPS = Pattern.compile("^ *QUARKUS_VERTX_EVENT_LOOPS_POOL_SIZE: *\"([0-9]+)\"", Pattern.MULTILINE);

    static Layout of(String name, Path configMap) throws IOException {
        return switch (name) {
            case "split" -> {
                Matcher loops = EVENT_LOOPS.matcher(Files.readString(configMap));
                if (!loops.find()) {
                    throw new IllegalStateException("no QUARKUS_VERTX_EVENT_LOOPS_POOL_SIZE in " + configMap);
                }
                Map<String, String> env = Map.of("QUARKUS_VERTX_EVENT_LOOPS_POOL_SIZE", loops.group(1));
                yield new Layout(name, 1, List.of("taskset", "-c", "0"), List.of("taskset", "-c", "1"), env,
                        "split: identity JVM taskset -c 0 with QUARKUS_VERTX_EVENT_LOOPS_POOL_SIZE=" + loops.group(1)
                                + " (deploy/k8s), wrk and redis-benchmark taskset -c 1, Redis and PostgreSQL not pinned");
            }
            case "shared" -> new Layout(name, 2, List.of(), List.of(), Map.of(), "shared: nothing pinned");
            default -> throw new IllegalArgumentException("layout is split or shared, not " + name);
        };
    }
}
