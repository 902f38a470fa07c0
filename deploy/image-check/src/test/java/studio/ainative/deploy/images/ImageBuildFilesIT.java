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
import studio.ainative.deploy.images.BuildFile.Instruction;

/**
 * The services' container builds, checked on a machine that cannot build images: each
 * {@code src/main/docker/Dockerfile.jvm} starts from a Java 25 JRE pinned by digest, installs nothing, runs as
 * a numeric non-root user, copies exactly the fast-jar its module packaged, and labels the image; deploy/images.sh
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
    /** What a build file may do: nothing runs and nothing is fetched while the image is built. */
    private static final Set<String> ALLOWED = Set.of("FROM", "ARG", "LABEL", "ENV", "COPY", "EXPOSE", "USER", "ENTRYPOINT");
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
        for (Instruction instruction : buildFile(service).instructions()) {
            assertTrue(ALLOWED.contains(instruction.keyword()),
                    service + ": " + instruction.keyword() + " is not allowed (no RUN, no ADD): " + instruction.arguments());
        }
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
        List<String> command = execForm(entrypoint);
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
        List<String> command = execForm(buildFile(service).only("ENTRYPOINT"));
        for (String argument : command.subList(1, command.indexOf("-jar"))) {
            assertTrue(argument.startsWith("-D"), service + ": a JVM flag in the ENTRYPOINT overrides the deployment's: " + argument);
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
        return Files.readAllLines(properties).stream().map(String::trim).filter(line -> line.startsWith(key + "="))
                .map(line -> line.substring(key.length() + 1).trim()).findFirst()
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

    private static List<String> execForm(String entrypoint) {
        String trimmed = entrypoint.trim();
        if (!trimmed.startsWith("[") || !trimmed.endsWith("]")) {
            fail("ENTRYPOINT must be in exec form (a JSON array), so no shell runs: " + entrypoint);
        }
        List<String> command = new ArrayList<>();
        Matcher item = Pattern.compile("\"([^\"]*)\"").matcher(trimmed);
        while (item.find()) {
            command.add(item.group(1));
        }
        return command;
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
