package studio.ainative.bench.verify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The JVM a deployment runs identity-service with, so the benchmark's memory and start-up figures are the deployed
 * ones: the JVM settings of its ConfigMap, and a JDK of the image's major version when this machine has one.
 */
final class DeploymentJvm {

    /** The ConfigMap's entries that set up the JVM rather than the service. */
    private static final List<String> JVM_SETTINGS = List.of("JAVA_TOOL_OPTIONS", "MALLOC_ARENA_MAX");
    /** {@code  KEY: "value"} or {@code  KEY: value}, one per line, as the ConfigMaps of deploy/k8s write them. */
    private static final Pattern ENTRY = Pattern.compile("^\\s+([A-Z_]+):\\s*\"?([^\"]*)\"?\\s*$", Pattern.MULTILINE);
    /** The runtime image the Dockerfile builds on, e.g. {@code ubi9/openjdk-25-runtime}. */
    private static final Pattern IMAGE_JDK = Pattern.compile("openjdk-(\\d+)-runtime");

    private DeploymentJvm() {
    }

    /** JAVA_TOOL_OPTIONS and MALLOC_ARENA_MAX of the ConfigMap; fails when it sets no JAVA_TOOL_OPTIONS. */
    static Map<String, String> settings(Path configMap) {
        Map<String, String> found = new LinkedHashMap<>();
        Matcher entry = ENTRY.matcher(read(configMap));
        while (entry.find()) {
            if (JVM_SETTINGS.contains(entry.group(1))) {
                found.put(entry.group(1), entry.group(2).trim());
            }
        }
        if (!found.containsKey("JAVA_TOOL_OPTIONS")) {
            throw new IllegalStateException(configMap + " sets no JAVA_TOOL_OPTIONS");
        }
        return found;
    }

    /** A JDK of the major version identity's image runs, under /usr/lib/jvm; empty when there is none. */
    static Optional<Path> imageJdk(Path repo) {
        Matcher image = IMAGE_JDK.matcher(read(repo.resolve("identity-service/src/main/docker/Dockerfile.jvm")));
        if (!image.find()) {
            return Optional.empty();
        }
        String major = image.group(1);
        try (Stream<Path> jdks = Files.list(Path.of("/usr/lib/jvm"))) {
            return jdks.filter(home -> Files.isExecutable(home.resolve("bin/java")))
                    .filter(home -> home.getFileName().toString().matches(".*\\D" + major + "(\\D.*)?"))
                    .sorted()
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
