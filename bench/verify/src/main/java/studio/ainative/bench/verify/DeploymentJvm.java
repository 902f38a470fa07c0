package studio.ainative.bench.verify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import studio.ainative.platform.testing.BuildFile;

/**
 * The JVM a deployment runs identity-service with, so the benchmark's memory and start-up figures are the deployed
 * ones: the JVM and event-loop settings of its ConfigMap, and a JDK of the image's major version when this machine has one.
 */
final class DeploymentJvm {

    /**
     * The ConfigMap's entries that decide identity's memory and how it spreads its work: the JVM's, the bound of its
     * in-process caches, and its event loops (one per CPU of the pod's limit; without it Quarkus would start two per
     * CPU of this machine, taking turns on its two vCPUs with wrk).
     */
    private static final List<String> JVM_SETTINGS = List.of("JAVA_TOOL_OPTIONS", "MALLOC_ARENA_MAX", "IDENTITY_CACHE_LOCAL_MAX_SIZE",
            "QUARKUS_VERTX_EVENT_LOOPS_POOL_SIZE");
    /** {@code  KEY: "value"} or {@code  KEY: value}, one per line, as the ConfigMaps of deploy/k8s write them. */
    private static final Pattern ENTRY = Pattern.compile("^\\s+([A-Z_]+):\\s*\"?([^\"]*)\"?\\s*$", Pattern.MULTILINE);
    /** The runtime image the Dockerfile builds on, e.g. {@code ubi9/openjdk-25-runtime}. */
    private static final Pattern IMAGE_JDK = Pattern.compile("openjdk-(\\d+)-runtime");
    /** The image's default JVM options, {@code ENV JAVA_TOOL_OPTIONS="..."}. */
    private static final Pattern IMAGE_TOOL_OPTIONS = Pattern.compile("^JAVA_TOOL_OPTIONS=\"([^\"]*)\"$");
    /** Where the Dockerfile puts the packaged application. */
    private static final String DEPLOYMENTS = "/deployments/";
    private static final String DOCKERFILE = "identity-service/src/main/docker/Dockerfile.jvm";

    private DeploymentJvm() {
    }

    /** Those of {@link #JVM_SETTINGS} the ConfigMap sets; fails when it sets no JAVA_TOOL_OPTIONS. */
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
        Matcher image = IMAGE_JDK.matcher(buildFile(repo).only("FROM"));
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

    /**
     * The image's JDK AOT cache, made here as the image's build makes it: the JVM command of the Dockerfile's training
     * {@code RUN} (the one writing {@code -XX:AOTCacheOutput}) run with {@code java} from {@code jdk}, the image's {@code JAVA_TOOL_OPTIONS},
     * and {@code /deployments/} read as the module's {@code target/quarkus-app/}. Returns the ENTRYPOINT's JVM arguments
     * (those before {@code -jar}) the same way, which launch the service with that cache; empty when the Dockerfile
     * trains no cache.
     */
    static Optional<List<String>> trainAotCache(Path repo, Path jdk, Path quarkusApp) {
        BuildFile dockerfile = buildFile(repo);
        String app = quarkusApp.toAbsolutePath() + "/";
        Optional<BuildFile.AotTraining> aot = dockerfile.aotTraining();
        if (aot.isEmpty()) {
            return Optional.empty();
        }
        List<String> training = aot.get().command().stream().map(argument -> argument.replace(DEPLOYMENTS, app)).toList();
        List<String> entrypoint = BuildFile.execForm(dockerfile.only("ENTRYPOINT")).stream()
                .map(argument -> argument.replace(DEPLOYMENTS, app)).toList();
        if (!entrypoint.contains("-jar")) {
            throw new IllegalStateException(DOCKERFILE + " trains an AOT cache but its ENTRYPOINT has no -jar");
        }
        String output = aot.get().cache().replace(DEPLOYMENTS, app);
        List<String> command = new ArrayList<>(training);
        command.set(0, jdk.resolve("bin/java").toString());
        try {
            Files.deleteIfExists(Path.of(output));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(quarkusApp.resolveSibling("aot-training.log").toFile());
            // An image build's environment: the image's, not this process's (no IDENTITY_* setting can leak in).
            String path = builder.environment().get("PATH");
            builder.environment().clear();
            builder.environment().put("PATH", path);
            for (BuildFile.Instruction env : dockerfile.all("ENV")) {
                Matcher toolOptions = IMAGE_TOOL_OPTIONS.matcher(env.arguments());
                if (toolOptions.matches()) {
                    builder.environment().put("JAVA_TOOL_OPTIONS", toolOptions.group(1));
                }
            }
            Process process = builder.start();
            if (!process.waitFor(3, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("the AOT training run did not end within 3 minutes");
            }
            // As in the image's build: the run stops at Quarkus' configuration check (its exit status is not 0), and
            // what counts is that it wrote a cache.
            if (!Files.isRegularFile(Path.of(output)) || Files.size(Path.of(output)) == 0) {
                throw new IllegalStateException("the AOT training run wrote no cache (exit " + process.exitValue() + "): see "
                        + quarkusApp.resolveSibling("aot-training.log"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return Optional.of(List.copyOf(entrypoint.subList(1, entrypoint.indexOf("-jar"))));
    }

    private static BuildFile buildFile(Path repo) {
        try {
            return BuildFile.read(repo.resolve(DOCKERFILE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
