package studio.ainative.deploy.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import studio.ainative.platform.testing.BuildFile;
import studio.ainative.platform.testing.BuildFile.Instruction;

/**
 * The services' container builds, checked on a machine that cannot build images: each
 * {@code src/main/docker/Dockerfile.jvm} starts from a Java 25 JRE pinned by digest, installs nothing (the one command
 * that may run is a JDK AOT cache's training run of the copied application), runs as a numeric non-root user, copies
 * exactly the fast-jar layout its module packaged, and labels the image; deploy/images.sh
 * builds exactly these services, refuses to run without a container runtime, and devkit has no image at all.
 * Runs after the reactor packaged the services (an *IT, see the pom).
 */
class ImageBuildFilesIT {

    /** The deployable services; devkit is not one of them. */
    static final List<String> SERVICES = List.of("identity-service", "zerodb-service", "memory-service", "chat-service");

    private static final Path ROOT = Path.of(System.getProperty("reactor.root", "../..")).toAbsolutePath().normalize();
    private static final Pattern PINNED = Pattern.compile("(?<image>[a-z0-9./_-]+):(?<tag>[A-Za-z0-9._-]+)@(?<digest>sha256:[0-9a-f]{64})");
    /** A Java 25 runtime image, JRE only: Red Hat's OpenJDK 25 runtime or Eclipse Temurin's 25 JRE. */
    private static final Pattern JAVA_25_JRE = Pattern.compile(".*/openjdk-25-runtime:.*|(.*/)?eclipse-temurin:25[0-9._]*-jre.*");
    /** What a build file may do: nothing is fetched, and RUN only trains a JDK AOT cache ({@link #aotTraining}). */
    private static final Set<String> ALLOWED = Set.of("FROM", "ARG", "LABEL", "ENV", "COPY", "RUN", "EXPOSE", "USER", "ENTRYPOINT");
    /** The services whose image carries a JDK AOT cache. */
    private static final Set<String> AOT_TRAINED = Set.of("identity-service");
    /** The AOT cache's file, under /deployments. */
    private static final Pattern AOT_CACHE_FILE = Pattern.compile("/deployments/[A-Za-z0-9_-]+\\.aot");
    /** Quarkus' fast-jar (target/quarkus-app) in four layers, least often changed first, under /deployments. */
    private static final List<List<String>> FAST_JAR_LAYERS = List.of(
            List.of("target/quarkus-app/lib/", "/deployments/lib/"),
            List.of("target/quarkus-app/*.jar", "/deployments/"),
            List.of("target/quarkus-app/app/", "/deployments/app/"),
            List.of("target/quarkus-app/quarkus/", "/deployments/quarkus/"));
    private static final List<String> OCI_LABELS = List.of("title", "description", "version", "revision", "created", "source",
            "licenses", "base.name", "base.digest");

    private static BuildFile buildFile(String service) throws IOException {
        Path path = ROOT.resolve(service).resolve("src/main/docker/Dockerfile.jvm");
        assertTrue(Files.isRegularFile(path), path + " is missing");
        return BuildFile.read(path);
    }

    private static Matcher pinnedBase(BuildFile file) {
        Matcher from = PINNED.matcher(file.only("FROM"));
        assertTrue(from.matches(), file.path() + ": FROM must be image:tag@sha256:<64 hex>, is " + file.only("FROM"));
        return from;
    }

    @ParameterizedTest
    @ValueSource(strings = {"identity-service", "zerodb-service", "memory-service", "chat-service"})
    void theBaseImageIsAJava25JrePinnedByTagAndDigest(String service) throws IOException {
        BuildFile file = buildFile(service);
        Matcher from = pinnedBase(file);
        String image = from.group("image") + ":" + from.group("tag");
        assertTrue(JAVA_25_JRE.matcher(image).matches(), file.path() + ": not a Java 25 JRE image: " + image);
        Map<String, String> labels = file.labels();
        assertEquals(image, labels.get("org.opencontainers.image.base.name"), "the base.name label names the FROM image");
        assertEquals(from.group("digest"), labels.get("org.opencontainers.image.base.digest"), "the base.digest label is the FROM digest");
    }

    @Test
    void everyServiceStartsFromTheSameBaseSoOneRenewalCoversThemAll() throws IOException {
        Set<String> bases = new TreeSet<>();
        for (String service : SERVICES) {
            bases.add(buildFile(service).only("FROM"));
        }
        assertEquals(1, bases.size(), "the services' FROM lines differ: " + bases);
    }

    @ParameterizedTest
    @ValueSource(strings = {"identity-service", "zerodb-service", "memory-service", "chat-service"})
    void nothingIsInstalledOrFetchedWhileTheImageIsBuilt(String service) throws IOException {
        BuildFile file = buildFile(service);
        for (Instruction instruction : file.instructions()) {
            assertTrue(ALLOWED.contains(instruction.keyword()),
                    service + ": " + instruction.keyword() + " is not allowed (no ADD): " + instruction.arguments());
        }
        assertTrue(file.all("RUN").size() <= 1, service + ": at most one RUN, the AOT cache's training");
        if (!file.all("RUN").isEmpty()) {
            aotTraining(service, file);
        }
    }

    /**
     * The one command a build may run: the JVM on the copied application with none of the service's configuration,
     * writing a JDK AOT cache (Quarkus does its static initialisation, then stops at its configuration check, so
     * nothing is fetched or installed and no service is reached), then a check that the cache was written. Returns the
     * cache's file.
     */
    private static String aotTraining(String service, BuildFile file) {
        BuildFile.AotTraining training = file.aotTraining().orElseThrow(() -> new AssertionError(
                service + ": RUN may only train an AOT cache (" + BuildFile.AOT_CACHE_OUTPUT + "): " + file.all("RUN")));
        String run = training.run().arguments();
        assertTrue(!run.trim().startsWith("["), service + ": the AOT training RUN is in shell form (it checks the cache after): " + run);
        List<List<String>> commands = BuildFile.shellCommands(run);
        assertEquals(2, commands.size(), service + ": RUN is the AOT training, then `test -s <cache>`: " + run);
        List<String> command = training.command();
        assertEquals("java", command.get(0), service + ": RUN may only run the JVM: " + run);
        assertEquals(List.of("-jar", "/deployments/quarkus-run.jar"), command.subList(command.size() - 2, command.size()),
                service + ": RUN may only run the copied application: " + run);
        for (String argument : command) {
            assertTrue(!argument.startsWith("-D"), service + ": the training run gets no configuration, so it stops before it "
                    + "reaches any service: " + argument);
        }
        String cache = training.cache();
        assertTrue(AOT_CACHE_FILE.matcher(cache).matches(), service + ": the AOT cache goes to /deployments/<name>.aot: " + cache);
        assertEquals(List.of("test", "-s", cache), commands.get(1),
                service + ": the training's exit status is not 0 (it stops at the configuration check), so the RUN checks the "
                        + "cache was written: " + run);
        return cache;
    }

    /**
     * A cache is only used by a JVM with the same object layout: a training run with compact object headers and a
     * deployment without them (or the other way round) means a warning at every start and no cache at all.
     */
    @ParameterizedTest
    @ValueSource(strings = {"identity-service", "zerodb-service", "memory-service", "chat-service"})
    void anAotCacheIsTrainedWithTheDeploymentsObjectLayoutAndTheImagesPackaging(String service) throws IOException {
        BuildFile file = buildFile(service);
        assertEquals(AOT_TRAINED.contains(service), !file.all("RUN").isEmpty(), service + ": the services whose image trains an AOT cache are "
                + AOT_TRAINED + " (identity-service's start-up target rests on it)");
        if (file.all("RUN").isEmpty()) {
            return;
        }
        List<String> training = file.aotTraining().orElseThrow(() -> new AssertionError(service + ": its RUN trains no AOT cache"))
                .command();
        String toolOptions = property(ROOT.resolve("deploy/k8s/base").resolve(service).resolve("configmap.yaml"), "JAVA_TOOL_OPTIONS",
                ":").replace("\"", "");
        assertEquals(compactHeaders(List.of(toolOptions.split("\\s+"))), compactHeaders(training),
                service + ": UseCompactObjectHeaders differs between the AOT training (" + training + ") and the ConfigMap (" + toolOptions + ")");
        assertTrue(training.stream().anyMatch(argument -> argument.startsWith("-Xmx")),
                service + ": the training run fixes its heap, so the build machine's memory cannot turn compressed pointers off");
        // The cache holds classes the JDK's own class loaders load: the aot-jar, packaged by the pom's image profile,
        // which deploy/images.sh activates.
        String pom = Files.readString(ROOT.resolve(service).resolve("pom.xml"));
        assertTrue(pom.matches("(?s).*<id>image</id>\\s*<properties>\\s*<quarkus\\.package\\.jar\\.type>aot-jar</quarkus\\.package\\.jar\\.type>.*"),
                service + ": its pom has no image profile packaging the aot-jar");
        assertTrue(Files.readString(ROOT.resolve("deploy/images.sh")).contains("package -DskipTests -Pimage"),
                "deploy/images.sh does not package with the image profile");
    }

    /** The last UseCompactObjectHeaders flag among the arguments (the JVM's rule), false when none. */
    private static boolean compactHeaders(List<String> arguments) {
        boolean on = false;
        for (String argument : arguments) {
            if (argument.equals("-XX:+UseCompactObjectHeaders")) {
                on = true;
            } else if (argument.equals("-XX:-UseCompactObjectHeaders")) {
                on = false;
            }
        }
        return on;
    }

    @ParameterizedTest
    @ValueSource(strings = {"identity-service", "zerodb-service", "memory-service", "chat-service"})
    void theImageRunsAsANumericNonRootUser(String service) throws IOException {
        BuildFile file = buildFile(service);
        String user = file.only("USER");
        assertTrue(user.matches("[0-9]+(:[0-9]+)?"), service + ": USER must be numeric (uid[:gid]), so runAsNonRoot can check it: " + user);
        assertNotEquals(0, Integer.parseInt(user.split(":")[0]), service + ": USER is root");
        List<String> order = file.instructions().stream().map(Instruction::keyword).toList();
        assertTrue(order.indexOf("USER") < order.indexOf("ENTRYPOINT"), service + ": USER must come before ENTRYPOINT");
        for (Instruction copy : file.all("COPY")) {
            assertTrue(copy.arguments().contains("--chown=" + user.split(":")[0]), service + ": the application belongs to the user: " + copy);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"identity-service", "zerodb-service", "memory-service", "chat-service"})
    void theCopiedLayoutIsTheFastJarTheModulePackaged(String service) throws IOException {
        Path module = ROOT.resolve(service);
        assertEquals(List.of(), packageTypes(module), service + ": the image expects Quarkus' default fast-jar; quarkus.package.jar.type "
                + "is set to something else");
        List<List<String>> copies = buildFile(service).all("COPY").stream().map(Instruction::operands).toList();
        assertEquals(FAST_JAR_LAYERS, copies, service + ": the COPY lines are not the fast-jar's four layers");

        Path app = module.resolve("target/quarkus-app");
        assertTrue(Files.isRegularFile(app.resolve("quarkus-run.jar")),
                app + " is missing: the reactor packages each service before this check (run it in the verify phase)");
        Set<String> copied = new TreeSet<>();
        for (List<String> layer : FAST_JAR_LAYERS) {
            List<Path> matched = matches(module, layer.get(0));
            assertTrue(!matched.isEmpty(), service + ": COPY " + layer.get(0) + " matches nothing the module packaged");
            matched.forEach(path -> copied.add(app.relativize(path).toString()));
        }
        Set<String> needed = new TreeSet<>();
        try (Stream<Path> entries = Files.list(app)) {
            // What the JVM loads: the directories and jars (the dependency list beside them is for people).
            entries.filter(path -> Files.isDirectory(path) || path.toString().endsWith(".jar"))
                    .forEach(path -> needed.add(app.relativize(path).toString()));
        }
        assertEquals(needed, copied, service + ": what target/quarkus-app holds and what the image copies differ");
        assertTrue(Files.isRegularFile(app.resolve("quarkus/quarkus-application.dat")), service + ": not a fast-jar");
    }

    @ParameterizedTest
    @ValueSource(strings = {"identity-service", "zerodb-service", "memory-service", "chat-service"})
    void theEntrypointIsTheJvmRunningTheCopiedJar(String service) throws IOException {
        String entrypoint = buildFile(service).only("ENTRYPOINT");
        List<String> command = BuildFile.execForm(entrypoint);
        assertEquals("java", command.get(0), service + ": the JVM itself is PID 1 (exec form, no shell): " + entrypoint);
        int jar = command.indexOf("-jar");
        assertTrue(jar > 0 && jar + 1 < command.size(), service + ": no -jar: " + entrypoint);
        assertEquals("/deployments/quarkus-run.jar", command.get(jar + 1));
    }

    /**
     * The JVM reads JAVA_TOOL_OPTIONS before its command line, so a flag in the ENTRYPOINT would silently override the
     * deployment's (as a MaxRAMPercentage there once did). The image's defaults go in ENV JAVA_TOOL_OPTIONS instead.
     */
    @ParameterizedTest
    @ValueSource(strings = {"identity-service", "zerodb-service", "memory-service", "chat-service"})
    void theEntrypointLeavesJvmFlagsToJavaToolOptions(String service) throws IOException {
        BuildFile file = buildFile(service);
        List<String> command = BuildFile.execForm(file.only("ENTRYPOINT"));
        // The AOT cache the build trained is a file of the image, not a setting: the one flag allowed here.
        Set<String> allowed = new TreeSet<>();
        if (!file.all("RUN").isEmpty()) {
            allowed.add("-XX:AOTCache=" + aotTraining(service, file));
        }
        for (String argument : command.subList(1, command.indexOf("-jar"))) {
            assertTrue(argument.startsWith("-D") || allowed.contains(argument),
                    service + ": a JVM flag in the ENTRYPOINT overrides the deployment's: " + argument);
        }
        if (!allowed.isEmpty()) {
            assertTrue(command.containsAll(allowed), service + ": the build trains an AOT cache the ENTRYPOINT does not use: " + allowed);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"identity-service", "zerodb-service", "memory-service", "chat-service"})
    void theImageExposesTheServicesHttpPort(String service) throws IOException {
        String port = property(ROOT.resolve(service).resolve("src/main/resources/application.properties"), "quarkus.http.port");
        assertEquals(port, buildFile(service).only("EXPOSE"), service + ": EXPOSE is not quarkus.http.port");
    }

    @ParameterizedTest
    @ValueSource(strings = {"identity-service", "zerodb-service", "memory-service", "chat-service"})
    void theOciLabelsNameTheServiceAndTheBuild(String service) throws IOException {
        BuildFile file = buildFile(service);
        Map<String, String> labels = file.labels();
        for (String label : OCI_LABELS) {
            assertTrue(labels.containsKey("org.opencontainers.image." + label), service + ": label org.opencontainers.image." + label + " is missing");
        }
        assertEquals(service, labels.get("org.opencontainers.image.title"));
        // The build's own facts come from build arguments (deploy/images.sh sets them), never from the file.
        for (Map.Entry<String, String> fromArg : Map.of("version", "VERSION", "revision", "REVISION", "created", "CREATED",
                "source", "SOURCE", "licenses", "LICENSES").entrySet()) {
            assertEquals("${" + fromArg.getValue() + "}", labels.get("org.opencontainers.image." + fromArg.getKey()), service);
            assertTrue(file.args().contains(fromArg.getValue()), service + ": ARG " + fromArg.getValue() + " is not declared");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"identity-service", "zerodb-service", "memory-service", "chat-service"})
    void theBuildContextAdmitsOnlyThePackagedApplication(String service) throws IOException {
        List<String> rules = Files.readAllLines(ROOT.resolve(service).resolve(".dockerignore")).stream()
                .map(String::trim).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        assertEquals(List.of("*", "!target/quarkus-app"), rules, service + "/.dockerignore");
    }

    @Test
    void theScriptBuildsExactlyTheServicesThatHaveABuildFile() throws IOException {
        assertEquals(SERVICES, scriptServices(), "deploy/images.sh's SERVICES");
        List<String> withBuildFile = new ArrayList<>();
        for (String module : rootModules()) {
            if (Files.exists(ROOT.resolve(module).resolve("src/main/docker/Dockerfile.jvm"))) {
                withBuildFile.add(module);
            }
        }
        assertEquals(new TreeSet<>(SERVICES), new TreeSet<>(withBuildFile), "the reactor modules with a Dockerfile.jvm");
    }

    @Test
    void devkitIsNeverBuiltIntoAnImage() throws IOException {
        assertTrue(rootModules().contains("devkit"), "devkit is a reactor module (this check would prove nothing otherwise)");
        assertTrue(!scriptServices().contains("devkit"), "deploy/images.sh builds devkit");
        Path devkit = ROOT.resolve("devkit");
        try (Stream<Path> files = Files.walk(devkit)) {
            List<Path> buildFiles = files.filter(path -> !devkit.relativize(path).startsWith("target"))
                    .filter(path -> {
                        String name = path.getFileName().toString().toLowerCase();
                        return name.startsWith("dockerfile") || name.startsWith("containerfile") || name.endsWith(".dockerfile")
                                || name.equals("docker") && Files.isDirectory(path);
                    })
                    .toList();
            assertEquals(List.of(), buildFiles, "devkit must have no container build");
        }
        String pom = Files.readString(devkit.resolve("pom.xml"));
        assertTrue(!pom.contains("container-image") && !pom.contains("jib"), "devkit's pom must not build an image");
    }

    @Test
    void theScriptStopsWithAClearMessageWhenNoContainerRuntimeExists(@TempDir Path bin) throws Exception {
        // A PATH with the shell and dirname only: neither docker nor podman can be found.
        for (String tool : List.of("bash", "dirname")) {
            Files.createSymbolicLink(bin.resolve(tool), which(tool));
        }
        ProcessBuilder script = new ProcessBuilder(bin.resolve("bash").toString(), ROOT.resolve("deploy/images.sh").toString())
                .redirectErrorStream(true);
        script.environment().clear();
        script.environment().put("PATH", bin.toString());
        Process process = script.start();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "deploy/images.sh did not stop");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(1, process.exitValue(), output);
        assertTrue(output.contains("no usable container runtime"), output);
        assertTrue(!output.contains("packaging"), "nothing may be built before the runtime is found: " + output);
    }

    /** The {@code quarkus.package.jar.type} settings of a module, any profile; empty or fast-jar only is fine. */
    private static List<String> packageTypes(Path module) throws IOException {
        Path properties = module.resolve("src/main/resources/application.properties");
        return Files.readAllLines(properties).stream().map(String::trim)
                .filter(line -> line.matches("(%[\\w-]+\\.)?quarkus\\.package\\.jar\\.type\\s*=.*"))
                .filter(line -> !line.replaceAll("\\s", "").endsWith("=fast-jar"))
                .toList();
    }

    private static String property(Path properties, String key) throws IOException {
        return property(properties, key, "=");
    }

    /** A {@code key<separator>value} line's value: {@code =} in a properties file, {@code :} in a ConfigMap's data. */
    private static String property(Path properties, String key, String separator) throws IOException {
        return Files.readAllLines(properties).stream().map(String::trim).filter(line -> line.startsWith(key + separator))
                .map(line -> line.substring(key.length() + separator.length()).trim()).findFirst()
                .orElseThrow(() -> new AssertionError(properties + " does not set " + key));
    }

    private static List<Path> matches(Path module, String source) throws IOException {
        Path pattern = module.resolve(source);
        if (!source.contains("*")) {
            return Files.exists(pattern) ? List.of(pattern) : List.of();
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern.getFileName());
        try (Stream<Path> files = Files.list(pattern.getParent())) {
            return files.filter(path -> matcher.matches(path.getFileName())).toList();
        }
    }

    private static List<String> scriptServices() throws IOException {
        Matcher services = Pattern.compile("(?m)^readonly SERVICES=\\(([^)]*)\\)").matcher(Files.readString(ROOT.resolve("deploy/images.sh")));
        assertTrue(services.find(), "deploy/images.sh has no 'readonly SERVICES=(...)'");
        return Arrays.stream(services.group(1).trim().split("\\s+")).toList();
    }

    private static List<String> rootModules() throws IOException {
        Matcher module = Pattern.compile("<module>([^<]+)</module>").matcher(Files.readString(ROOT.resolve("pom.xml")));
        List<String> modules = new ArrayList<>();
        while (module.find()) {
            modules.add(module.group(1).trim());
        }
        return modules;
    }

    private static Path which(String tool) {
        for (String dir : System.getenv("PATH").split(":")) {
            Path candidate = Path.of(dir, tool);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(tool + " is not on PATH");
    }
}
