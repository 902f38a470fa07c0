package studio.ainative.bench.verify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import studio.ainative.platform.testing.BenchMain;
import studio.ainative.platform.testing.IdentityAdmin;
import studio.ainative.platform.testing.IdentityProcess;
import studio.ainative.platform.testing.ProcStat;
import studio.ainative.platform.testing.QuarkusAppProcess;
import studio.ainative.platform.testing.ServiceEnvironment;
import studio.ainative.platform.testing.ServiceProcess;

/**
 * Token verification side by side, in one run, with the same tokens and the same wrk settings (issue 15):
 * <ul>
 *   <li>{@code ours}: identity-service's {@code GET /api/v1/auth/verify} (packaged, prod profile, PostgreSQL and Redis);</li>
 *   <li>{@code jose}: bench/peers/jose, Node's jose ({@code createRemoteJWKSet} + {@code jwtVerify}), one process;</li>
 *   <li>{@code smallrye}: bench/peers/smallrye-jwt, plain quarkus-smallrye-jwt with one issuer and its JWKS.</li>
 * </ul>
 * For each algorithm (RS256, ES256) and target: a warm-up (warm and cold, discarded), then {@code warm} (one token
 * sent on every request: what a client in a session sends) and {@code cold} (every request a token never seen
 * before: each new session and each refresh); for the first algorithm, the warm case also through the local stack's
 * gateway in front of ours and of jose. Each phase runs in rounds that take the targets in turn, so that a slow
 * spell of the machine falls on all of them alike. Then the issue's targets, each with its verdict: cold RS256 ≥ 1.0× the
 * jose peer with a p99 no worse, warm ≥ 3× with a p99 no worse, cold ES256 ≥ 0.5× our cold RS256, identity's resident
 * memory after the load ≤ 256 MiB and its start-up ≤ 2 s.
 */
public final class VerifyBench {

    private static final Path HOME = Path.of(System.getProperty("bench.dir", "bench/verify")).toAbsolutePath();
    private static final Path REPO = HOME.getParent().getParent();
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final String SERVICE_NAME = "verify-bench";
    private static final String SERVICE_SECRET = "verify-bench-secret-0123456789";
    private static final Pattern STARTED = Pattern.compile("started in ([0-9.]+)s");
    /** The local Redis server, whose CPU is part of ours' cost per request; empty when it is not found here. */
    private static final Optional<ProcessHandle> REDIS = ProcessHandle.allProcesses().filter(VerifyBench::isRedis).findFirst();

    private static final String[][] DEFAULTS = {
        {"algs", "RS256,ES256"}, {"targets", "ours,jose,smallrye"}, {"threads", "2"}, {"connections", "64"}, {"duration", "10"},
        {"warmup", "30"}, {"cold-tokens", "400000"}, {"cold-warmup-tokens", "250000"}, {"jfr", "false"}, {"profile", "false"},
        {"identity-env", ""}, {"rounds", "2"},
        {"keep", "true"}, {"identity-jvm", "deployment"}, {"nmt", "false"}, {"identity-java", "auto"}, {"aot", "true"}};

    private final Map<String, String> options;
    private final Map<String, Object> results = new LinkedHashMap<>();
    /** How many rounds each measured phase is split in, the targets taking turns (see {@link #inRounds}). */
    private final int rounds;

    private VerifyBench(Map<String, String> options) {
        this.options = options;
        this.rounds = Integer.parseInt(options.get("rounds"));
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be 1 or more, not " + rounds);
        }
    }

    public static void main(String[] args) {
        BenchMain.main(DEFAULTS, args, options -> new VerifyBench(options).run());
    }

    private int option(String name) {
        return Integer.parseInt(options.get(name));
    }

    /** A service under load: its base URL, its process and, reached through the gateway, nginx's master process. */
    private record Target(String name, String url, ProcessHandle process, Optional<ProcessHandle> gateway) {
        Target(String name, String url, ProcessHandle process) {
            this(name, url, process, Optional.empty());
        }
    }

    private void run() throws Exception {
        Instant started = Instant.now();
        results.put("started", started.toString());
        Map<String, Object> machine = BenchMain.machine(REPO);
        machine.put("node", BenchMain.command(REPO, "node", "--version"));
        machine.put("wrk", BenchMain.command(REPO, "sh", "-c", "wrk -v 2>&1 | head -1"));
        results.put("machine", machine);
        results.put("settings", new LinkedHashMap<>(options));
        List<String> algs = Arrays.asList(options.get("algs").split(","));
        List<String> targets = Arrays.asList(options.get("targets").split(","));
        Path work = HOME.resolve("target");
        BenchIdp idp = BenchIdp.open(work);
        VerifyWrk wrk = new VerifyWrk(HOME.resolve("verify.lua"), option("threads"), option("connections"), work.resolve("wrk.txt"));

        Map<String, Map<String, Path>> tokens = new LinkedHashMap<>();
        for (String alg : algs) {
            tokens.put(alg, Map.of("warm", idp.tokens(alg, "warm", 1),
                    "cold-warmup", idp.tokens(alg, "coldwarmup", option("cold-warmup-tokens")),
                    "cold", idp.tokens(alg, "cold", option("cold-tokens"))));
        }

        // A key prefix of this run's own: no principal cached by an earlier run makes a cold token warm.
        String prefix = "idn-verify-" + DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC).format(started) + ":";
        Map<String, String> identityEnv = new LinkedHashMap<>(Map.of("IDENTITY_REDIS_KEY_PREFIX", prefix));
        // identity-jvm=deployment: the JVM settings of deploy/k8s (JAVA_TOOL_OPTIONS, MALLOC_ARENA_MAX) on the image's
        // JDK where this machine has it; identity-jvm=bench: -Xmx256m on the bench's own JDK, as before.
        boolean deployment = "deployment".equals(options.get("identity-jvm"));
        if (deployment) {
            identityEnv.putAll(DeploymentJvm.settings(REPO.resolve("deploy/k8s/base/identity-service/configmap.yaml")));
        }
        String java = options.get("identity-java");
        Optional<Path> serviceJava = "auto".equals(java) ? (deployment ? DeploymentJvm.imageJdk(REPO) : Optional.empty())
                : java.isBlank() ? Optional.empty() : Optional.of(Path.of(java));
        serviceJava.ifPresent(home -> System.setProperty("service.java.home", home.toString()));
        results.put("identity_jvm", Map.of("settings", identityEnv.entrySet().stream().filter(e -> !e.getKey().equals("IDENTITY_REDIS_KEY_PREFIX"))
                .map(e -> e.getKey() + "=" + e.getValue()).toList(), "java_home", System.getProperty("service.java.home", System.getProperty("java.home"))));
        // Settings to try on identity, e.g. identity-env=IDENTITY_REDIS_POOL_SIZE=64,QUARKUS_VERTX_EVENT_LOOPS_POOL_SIZE=1
        for (String setting : options.get("identity-env").split(",")) {
            if (!setting.isBlank()) {
                identityEnv.put(setting.substring(0, setting.indexOf('=')), setting.substring(setting.indexOf('=') + 1));
            }
        }
        if (Boolean.parseBoolean(options.get("jfr"))) {
            ServiceEnvironment.recordFlight(identityEnv, work.resolve("identity-service.jfr"));
        }
        // profile=true: async-profiler's CPU samples of identity, reported per measured window after it stops.
        boolean profile = Boolean.parseBoolean(options.get("profile"));
        Path profileRecording = work.resolve("identity-cpu.jfr");
        if (profile) {
            Files.deleteIfExists(profileRecording);
            ServiceEnvironment.addJvmOption(identityEnv, CpuProfile.agentOption(work, profileRecording));
        }
        boolean nmt = Boolean.parseBoolean(options.get("nmt"));
        if (nmt) {
            ServiceEnvironment.addJvmOption(identityEnv, "-XX:NativeMemoryTracking=summary");
        }
        // aot=true (identity-jvm=deployment on the image's JDK): the image's AOT cache, trained here by the Dockerfile's
        // own command, and identity launched with its ENTRYPOINT's JVM arguments; its start-up without the cache is
        // measured first, the same way, for the ratio.
        List<String> jvmArguments = deployment ? List.of() : List.of("-Xmx256m");
        Map<String, Object> startup = new LinkedHashMap<>();
        if (deployment && serviceJava.isPresent() && Boolean.parseBoolean(options.get("aot"))) {
            long training = System.nanoTime();
            Optional<List<String>> withCache = DeploymentJvm.trainAotCache(REPO, serviceJava.get(),
                    QuarkusAppProcess.jar("identity-service").getParent());
            if (withCache.isPresent()) {
                startup.put("aot_cache_training_s", secondsSince(training));
                // The schema first, by a start that migrates; the two measured starts then start as a deployed pod does,
                // without migrating (deploy/k8s migrates in a Job), so neither pays for the migration.
                startAndStop(new IdentityProcess(SERVICE_NAME, SERVICE_SECRET, identityEnv, List.<String>of()));
                identityEnv.put("IDENTITY_MIGRATE_AT_START", "false");
                startup.put("without_aot_cache", startAndStop(new IdentityProcess(SERVICE_NAME, SERVICE_SECRET, identityEnv, List.<String>of())));
                jvmArguments = withCache.get();
            }
        }
        startup.put("jvm_arguments", jvmArguments);
        IdentityProcess identity = new IdentityProcess(SERVICE_NAME, SERVICE_SECRET, identityEnv, jvmArguments);
        ServiceProcess jose = null;
        String joseUrl = null;
        Map<String, Object> measured = new LinkedHashMap<>();
        Map<String, Object> memory = new LinkedHashMap<>();
        try {
            long launched = System.nanoTime();
            identity.start();
            startup.put("quarkus_started_in_s", startedIn(identity.logTail()).orElse(null));
            startup.put("ready_after_s", secondsSince(launched));
            results.put("identity_startup", startup);
            IdentityAdmin admin = identity.admin();
            admin.registerProvider(admin.createProject("verify-bench"), idp.registration());
            Thread.sleep(2000);
            memory.put("identity_idle_rss_mib", ProcStat.rssMib(identity.handle()));

            if (targets.contains("jose")) {
                int port = ServiceProcess.freePort();
                joseUrl = "http://127.0.0.1:" + port;
                jose = ServiceProcess.listening("peer-jose", List.of("node", REPO.resolve("bench/peers/jose/server.mjs").toString()),
                        Map.of("PORT", Integer.toString(port), "JWKS_URI", idp.jwksUri(), "ISSUER", BenchIdp.ISSUER,
                                "AUDIENCE", BenchIdp.AUDIENCE), port);
                memory.put("jose_idle_rss_mib", ProcStat.rssMib(jose.handle()));
            }
            for (String alg : algs) {
                QuarkusAppProcess smallrye = null;
                List<Gateway> gateways = new ArrayList<>();
                try {
                    List<Target> under = new ArrayList<>();
                    for (String name : targets) {
                        switch (name) {
                            case "ours" -> under.add(new Target("ours", identity.url(), identity.handle().orElseThrow()));
                            case "jose" -> under.add(new Target("jose", joseUrl, jose.handle().orElseThrow()));
                            case "smallrye" -> {
                                smallrye = new QuarkusAppProcess("bench/peers/smallrye-jwt", "256m", Map.of("PEER_JWKS_URI", idp.jwksUri(),
                                        "PEER_ISSUER", BenchIdp.ISSUER, "PEER_AUDIENCE", BenchIdp.AUDIENCE, "PEER_ALGORITHM", alg),
                                        work.resolve("peer-smallrye-" + alg + ".log")).start();
                                memory.putIfAbsent("smallrye_idle_rss_mib", ProcStat.rssMib(smallrye.handle()));
                                under.add(new Target("smallrye", smallrye.url(), smallrye.handle().orElseThrow()));
                            }
                            default -> throw new IllegalArgumentException("targets are ours, jose and smallrye, not " + name);
                        }
                    }
                    Map<String, Path> algTokens = tokens.get(alg);
                    Path warm = algTokens.get("warm");
                    for (Target target : under) {
                        warmUp(wrk, target, algTokens);
                    }
                    // The warm case again through the local stack's gateway (nginx with deploy/local's configuration) in
                    // front of ours and of the jose peer: what a client behind the ingress sees.
                    List<Target> warmPhase = new ArrayList<>(under);
                    if (alg.equals(algs.get(0))) {
                        for (Target target : under) {
                            if (!target.name().equals("smallrye")) {
                                Gateway gateway = Gateway.start(REPO, work, target.name(), URI.create(target.url()).getPort());
                                gateways.add(gateway);
                                Target via = new Target(target.name() + "@gateway", gateway.url(), target.process(), Optional.of(gateway.process()));
                                check(via, Files.readAllLines(warm).get(0));
                                wrk.run(via.url(), warm, option("warmup"));
                                warmPhase.add(via);
                            }
                        }
                    }
                    List<Path> coldParts = parts(algTokens.get("cold"), rounds, work);
                    Map<String, List<Round>> warmRounds = inRounds(wrk, warmPhase, "warm", round -> warm);
                    Map<String, List<Round>> coldRounds = inRounds(wrk, under, "cold", coldParts::get);
                    for (Target target : warmPhase) {
                        Map<String, Object> figures = new LinkedHashMap<>();
                        figures.put("warm", phase(warmRounds.get(target.name()), "warm"));
                        if (coldRounds.containsKey(target.name())) {
                            figures.put("cold", phase(coldRounds.get(target.name()), "cold"));
                        }
                        measured.put(alg + " " + target.name(), figures);
                    }
                    if (smallrye != null) {
                        memory.put("smallrye_loaded_rss_mib_" + alg, ProcStat.rssMib(smallrye.handle()));
                    }
                } finally {
                    gateways.forEach(Gateway::close);
                    if (smallrye != null) {
                        smallrye.stop();
                    }
                }
            }
            memory.put("identity_loaded_rss_mib", ProcStat.rssMib(identity.handle()));
            if (nmt) {
                Path summary = work.resolve("identity-nmt.txt");
                Files.writeString(summary, BenchMain.command(REPO, "jcmd", Long.toString(identity.handle().orElseThrow().pid()),
                        "VM.native_memory", "summary"));
                System.out.println("native memory of identity after the load: " + summary);
            }
            results.put("identity_metrics", identityMetrics(identity.url()));
            if (jose != null) {
                memory.put("jose_loaded_rss_mib", ProcStat.rssMib(jose.handle()));
            }
            results.put("jwks_fetches", idp.jwksFetches());
        } finally {
            if (jose != null) {
                jose.stop();
            }
            identity.stop();
        }
        if (profile) {
            profileReports(measured, profileRecording, work);
        }
        results.put("memory", memory);
        results.put("measured", measured);
        results.put("targets", verdicts(measured, memory, startup));
        results.put("finished", Instant.now().toString());

        String report = JSON.writeValueAsString(results);
        Files.writeString(work.resolve("results.json"), report);
        if (Boolean.parseBoolean(options.get("keep"))) {
            Files.writeString(HOME.resolve("results.json"), report);
        }
        System.out.println(report);
        System.out.println(table(measured));
    }

    /** One target and algorithm: checked once, then warmed up, warm and cold, the figures discarded. */
    private void warmUp(VerifyWrk wrk, Target target, Map<String, Path> tokens) throws Exception {
        check(target, Files.readAllLines(tokens.get("warm")).get(0));
        int warmup = option("warmup");
        wrk.run(target.url(), tokens.get("warm"), warmup);
        wrk.run(target.url(), tokens.get("cold-warmup"), warmup);
    }

    /**
     * One mode's measured phase of every target, in {@code rounds} rounds of {@code duration ÷ rounds} seconds that take
     * the targets in turn (ours, jose, …, ours, jose, …): a slow spell of a shared VM falls on every target's share
     * alike rather than on whichever ran then. Round {@code r} sends {@code tokens(r)}.
     */
    private Map<String, List<Round>> inRounds(VerifyWrk wrk, List<Target> targets, String mode, IntFunction<Path> tokens) throws Exception {
        Map<String, List<Round>> byTarget = new LinkedHashMap<>();
        int seconds = Math.max(1, option("duration") / rounds);
        for (int round = 0; round < rounds; round++) {
            for (Target target : targets) {
                byTarget.computeIfAbsent(target.name(), name -> new ArrayList<>())
                        .add(timed(wrk, target, mode, tokens.apply(round), seconds, round));
            }
        }
        return byTarget;
    }

    /** One measured wrk run and the CPU its target (and Redis, and the gateway in front) used meanwhile. */
    private record Round(VerifyWrk.Result result, Duration cpu, Optional<Duration> redisCpu, Optional<Duration> gatewayCpu,
                         CpuProfile.Window window) {
    }

    /** One measured wrk run, with the target's CPU per request. */
    private Round timed(VerifyWrk wrk, Target target, String mode, Path tokens, int seconds, int round) throws Exception {
        Duration cpuBefore = cpu(target.process());
        CpuWindow redisWindow = CpuWindow.open(REDIS, VerifyBench::cpu);
        CpuWindow gatewayWindow = CpuWindow.open(target.gateway(), VerifyBench::treeCpu);
        Instant from = Instant.now();
        VerifyWrk.Result result = wrk.run(target.url(), tokens, seconds);
        Instant to = Instant.now();
        Round one = new Round(result, cpu(target.process()).minus(cpuBefore), redisWindow.used(), gatewayWindow.used(),
                new CpuProfile.Window(from, to));
        System.out.printf("%-16s %-4s %d/%d %9.0f req/s  p50 %6.2f ms  p99 %6.2f ms  invalid %d  wrapped %d  CPU µs/request: %s %s, Redis %s, wrk %s%s%n",
                target.name(), mode, round + 1, rounds, result.perSecond(), result.p50(), result.p99(), result.invalid(), result.wrapped(),
                target.name(), perRequest(one.cpu(), result.requests()), one.redisCpu().map(cpu -> perRequest(cpu, result.requests())).orElse(null),
                perRequest(result.cpu(), result.requests()),
                one.gatewayCpu().map(cpu -> ", nginx " + perRequest(cpu, result.requests())).orElse(""));
        return one;
    }

    /**
     * A phase's figures from its rounds ({@link VerifyWrk.Result#ofRounds}), with the CPU per request of the target and
     * of the rest of the machine: wrk's, Redis's (ours uses it; the peers do not) and the gateway's, on the same two
     * vCPUs. Valid when every answer was a valid 200 and, cold, no token was sent twice.
     */
    private static Map<String, Object> phase(List<Round> rounds, String mode) {
        VerifyWrk.Result result = VerifyWrk.Result.ofRounds(rounds.stream().map(Round::result).toList());
        long requests = result.requests();
        Map<String, Object> one = result.figures();
        one.put("cpu_us_per_request", perRequest(total(rounds, r -> Optional.of(r.cpu())).orElseThrow(), requests));
        one.put("redis_cpu_us_per_request", total(rounds, Round::redisCpu).map(cpu -> perRequest(cpu, requests)).orElse(null));
        one.put("wrk_cpu_us_per_request", perRequest(result.cpu(), requests));
        total(rounds, Round::gatewayCpu).ifPresent(cpu -> one.put("gateway_cpu_us_per_request", perRequest(cpu, requests)));
        one.put("rounds", rounds.stream().map(round -> Map.of("from", round.window().from().toString(), "to", round.window().to().toString(),
                "requests_per_s", Math.round(round.result().perSecond()), "p99_ms", round.result().p99())).toList());
        one.put("valid", result.clean() && (mode.equals("warm") || result.wrapped() == 0));
        return one;
    }

    /** The rounds' CPU times summed; empty when a round has none (the process was not found). */
    private static Optional<Duration> total(List<Round> rounds, Function<Round, Optional<Duration>> cpu) {
        Duration sum = Duration.ZERO;
        for (Round round : rounds) {
            Optional<Duration> one = cpu.apply(round);
            if (one.isEmpty()) {
                return Optional.empty();
            }
            sum = sum.plus(one.get());
        }
        return Optional.of(sum);
    }

    /**
     * {@code tokens}' lines in {@code count} files of consecutive lines, one per round of the cold phase, so that no round
     * sends a token an earlier round sent. Kept under {@code work} while newer than the file they were cut from.
     */
    private static List<Path> parts(Path tokens, int count, Path work) throws IOException {
        String name = tokens.getFileName().toString().replace(".txt", "");
        List<Path> parts = IntStream.range(0, count).mapToObj(i -> work.resolve(name + "-part" + (i + 1) + "of" + count + ".txt")).toList();
        FileTime cut = Files.getLastModifiedTime(tokens);
        if (parts.stream().allMatch(part -> Files.isRegularFile(part) && newer(part, cut))) {
            return parts;
        }
        long lines;
        try (Stream<String> all = Files.lines(tokens, StandardCharsets.US_ASCII)) {
            lines = all.count();
        }
        try (BufferedReader in = Files.newBufferedReader(tokens, StandardCharsets.US_ASCII)) {
            for (int i = 0; i < count; i++) {
                long take = lines * (i + 1) / count - lines * i / count;
                try (BufferedWriter out = Files.newBufferedWriter(parts.get(i), StandardCharsets.US_ASCII)) {
                    for (long line = 0; line < take; line++) {
                        out.write(in.readLine());
                        out.newLine();
                    }
                }
            }
        }
        return parts;
    }

    private static boolean newer(Path file, FileTime than) {
        try {
            return Files.getLastModifiedTime(file).compareTo(than) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** By its name, not its executable (Debian's redis-server is a link to redis-check-rdb). */
    private static boolean isRedis(ProcessHandle process) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(process.pid()), "comm")).strip().equals("redis-server");
        } catch (IOException e) {
            return false; // gone, or not ours to read
        }
    }

    /** The CPU time an optional process (Redis, the gateway) uses from {@link #open} to {@link #used}, by {@code clock}. */
    private record CpuWindow(Optional<ProcessHandle> process, Function<ProcessHandle, Duration> clock, Optional<Duration> start) {
        static CpuWindow open(Optional<ProcessHandle> process, Function<ProcessHandle, Duration> clock) {
            return new CpuWindow(process, clock, process.map(clock));
        }

        Optional<Duration> used() {
            return process.map(clock).flatMap(end -> start.map(end::minus));
        }
    }

    /** The CPU time a process and its descendants (nginx's master and workers) have used so far. */
    private static Duration treeCpu(ProcessHandle root) {
        return Stream.concat(Stream.of(root), root.descendants()).map(VerifyBench::cpu).reduce(Duration.ZERO, Duration::plus);
    }

    /** The CPU time a process has used so far; zero when it is gone. */
    private static Duration cpu(ProcessHandle process) {
        return process.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /** Microseconds of CPU per request, rounded; null when there was no request. */
    private static Long perRequest(Duration cpu, long requests) {
        return requests == 0 ? null : Math.round(cpu.toNanos() / 1e3 / requests);
    }

    /** One request with a valid token must answer 200 and {@code "valid":true} before anything is timed. */
    private static void check(Target target, String token) throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(target.url() + "/api/v1/auth/verify"))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200 || !answer.body().replace(" ", "").contains("\"valid\":true")) {
            throw new IllegalStateException(target.name() + " answered a valid token with " + answer.statusCode() + ": " + answer.body());
        }
    }

    /** identity's CPU profile of each of its measured windows, each in a file of its own. */
    @SuppressWarnings("unchecked")
    private static void profileReports(Map<String, Object> measured, Path recording, Path work) throws IOException {
        for (Map.Entry<String, Object> entry : measured.entrySet()) {
            if (!entry.getKey().contains(" ours")) {
                continue;
            }
            for (Map.Entry<String, Object> mode : ((Map<String, Object>) entry.getValue()).entrySet()) {
                List<Map<String, Object>> rounds = (List<Map<String, Object>>) ((Map<String, Object>) mode.getValue()).get("rounds");
                String name = "identity-profile-" + entry.getKey().replace(" ", "-").replace("@", "-") + "-" + mode.getKey();
                Path report = work.resolve(name + ".txt");
                Files.writeString(report, CpuProfile.report(recording, rounds.stream().map(round -> new CpuProfile.Window(
                        Instant.parse((String) round.get("from")), Instant.parse((String) round.get("to")))).toList(),
                        work.resolve(name + ".collapsed")));
                System.out.println("identity's CPU profile, " + entry.getKey() + " " + mode.getKey() + ": " + report);
            }
        }
    }

    /** The issue's targets from what was measured; a target whose figures are missing or invalid says so. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> verdicts(Map<String, Object> measured, Map<String, Object> memory, Map<String, Object> startup) {
        Map<String, Object> verdicts = new LinkedHashMap<>();
        verdicts.put("1 cold RS256 >= 1.0x jose, p99 no worse", against(measured, "RS256", "cold", 1.0));
        verdicts.put("2 warm RS256 >= 3x jose, p99 no worse (direct)", against(measured, "RS256", "warm", 3.0));
        Map<String, Object> gateway = against(measured, "RS256 ours@gateway", "RS256 jose", "warm", 3.0);
        gatewayCeiling(measured).ifPresent(ceiling -> gateway.put("ceiling_for_any_upstream", ceiling));
        verdicts.put("2 warm RS256 through the gateway >= 3x jose, p99 no worse", gateway);
        Map<String, Object> es = new LinkedHashMap<>();
        Map<String, Object> rsCold = figures(measured, "RS256 ours", "cold");
        Map<String, Object> esCold = figures(measured, "ES256 ours", "cold");
        if (rsCold != null && esCold != null) {
            double ratio = ratio(esCold, rsCold);
            es.put("ratio", ratio);
            es.put("met", ratio >= 0.5 && (boolean) esCold.get("valid") && (boolean) rsCold.get("valid"));
        } else {
            es.put("met", "not measured");
        }
        verdicts.put("3 cold ES256 >= 0.5x cold RS256 (ours)", es);
        Object rss = memory.get("identity_loaded_rss_mib");
        verdicts.put("5 identity RSS after load <= 256 MiB", Map.of("rss_mib", rss == null ? "unknown" : rss,
                "met", rss instanceof Long mib && mib <= 256));
        Object startedIn = startup.get("quarkus_started_in_s");
        verdicts.put("5 identity start-up <= 2 s", Map.of("quarkus_started_in_s", startedIn == null ? "unknown" : startedIn,
                "met", startedIn instanceof Double seconds && seconds <= 2.0));
        return verdicts;
    }

    /**
     * The most requests a second that this machine's CPUs could carry through the gateway with this client if the
     * upstream cost nothing: all of them busy with wrk's and nginx's CPU per request as measured for ours. It bounds
     * what any upstream could reach there, and so what the gateway leaves of target 2 (each upstream's answer is
     * another process's CPU on the same vCPUs).
     */
    private static Optional<Map<String, Object>> gatewayCeiling(Map<String, Object> measured) {
        Map<String, Object> via = figures(measured, "RS256 ours@gateway", "warm");
        Map<String, Object> jose = figures(measured, "RS256 jose", "warm");
        if (via == null || jose == null || !(via.get("gateway_cpu_us_per_request") instanceof Long nginx)
                || !(via.get("wrk_cpu_us_per_request") instanceof Long client) || nginx + client == 0) {
            return Optional.empty();
        }
        int cpus = Runtime.getRuntime().availableProcessors();
        long perSecond = Math.round(cpus * 1e6 / (nginx + client));
        Map<String, Object> ceiling = new LinkedHashMap<>();
        ceiling.put("requests_per_s", perSecond);
        ceiling.put("ratio", Math.round(perSecond / ((Number) jose.get("requests_per_s")).doubleValue() * 100) / 100.0);
        ceiling.put("from", cpus + " CPUs over nginx " + nginx + " + wrk " + client + " µs per request");
        return Optional.of(ceiling);
    }

    private static Map<String, Object> against(Map<String, Object> measured, String alg, String mode, double at) {
        return against(measured, alg + " ours", alg + " jose", mode, at);
    }

    private static Map<String, Object> against(Map<String, Object> measured, String oursKey, String peerKey, String mode, double at) {
        Map<String, Object> verdict = new LinkedHashMap<>();
        Map<String, Object> ours = figures(measured, oursKey, mode);
        Map<String, Object> peer = figures(measured, peerKey, mode);
        if (ours == null || peer == null) {
            verdict.put("met", "not measured");
            return verdict;
        }
        double ratio = ratio(ours, peer);
        boolean p99 = (double) ours.get("p99_ms") <= (double) peer.get("p99_ms");
        verdict.put("ratio", ratio);
        verdict.put("p99_ms", ours.get("p99_ms") + " vs " + peer.get("p99_ms"));
        verdict.put("met", ratio >= at && p99 && (boolean) ours.get("valid") && (boolean) peer.get("valid"));
        return verdict;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> figures(Map<String, Object> measured, String key, String mode) {
        Map<String, Object> target = (Map<String, Object>) measured.get(key);
        return target == null ? null : (Map<String, Object>) target.get(mode);
    }

    private static double ratio(Map<String, Object> a, Map<String, Object> b) {
        return Math.round(((Number) a.get("requests_per_s")).doubleValue() / ((Number) b.get("requests_per_s")).doubleValue() * 100) / 100.0;
    }

    /** Requests per second and p99 of every target, algorithm and mode, with ours ÷ each peer. */
    @SuppressWarnings("unchecked")
    private static String table(Map<String, Object> measured) {
        StringBuilder out = new StringBuilder(String.format("%n%-6s %-5s %-16s %10s %9s %9s %8s%n", "alg", "mode", "target", "req/s", "p50 ms",
                "p99 ms", "ours÷"));
        for (Map.Entry<String, Object> entry : measured.entrySet()) {
            String[] key = entry.getKey().split(" ");
            for (String mode : List.of("warm", "cold")) {
                Map<String, Object> f = ((Map<String, Map<String, Object>>) entry.getValue()).get(mode);
                if (f == null) {
                    continue;
                }
                Map<String, Object> ours = figures(measured, key[0] + " ours", mode);
                String ratio = ours == null || key[1].startsWith("ours") || key[1].endsWith("@gateway") ? "" : String.format("%.2f×", ratio(ours, f));
                out.append(String.format("%-6s %-5s %-16s %10s %9s %9s %8s%s%n", key[0], mode, key[1], f.get("requests_per_s"), f.get("p50_ms"),
                        f.get("p99_ms"), ratio, (boolean) f.get("valid") ? "" : "  INVALID"));
            }
        }
        return out.toString();
    }

    /** identity's counters after the load: Redis use and failures, cache results, verification outcomes. */
    private static Map<String, Double> identityMetrics(String url) throws Exception {
        Map<String, Double> picked = new LinkedHashMap<>();
        String body = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/q/metrics")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        for (String line : body.split("\n")) {
            if ((line.startsWith("identity_redis_") || line.startsWith("identity_cache_") || line.startsWith("identity_verifications_total")
                    || line.startsWith("identity_introspections_total") || line.startsWith("identity_crypto_provider")) && line.contains(" ")) {
                picked.put(line.substring(0, line.lastIndexOf(' ')), Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
            }
        }
        return picked;
    }

    /** Seconds since {@code nanoTime}, to the hundredth. */
    private static double secondsSince(long nanoTime) {
        return Math.round((System.nanoTime() - nanoTime) / 1e7) / 100.0;
    }

    /** Starts {@code identity}, notes how long it took (Quarkus' "started in", and until ready), and stops it. */
    private static Map<String, Object> startAndStop(IdentityProcess identity) throws Exception {
        try {
            long launched = System.nanoTime();
            identity.start();
            return Map.of("quarkus_started_in_s", startedIn(identity.logTail()).orElse(-1.0), "ready_after_s", secondsSince(launched));
        } finally {
            identity.stop();
        }
    }

    /** Quarkus' "started in" of the latest start in the log. */
    private static Optional<Double> startedIn(String log) {
        Matcher matcher = STARTED.matcher(log);
        Optional<Double> latest = Optional.empty();
        while (matcher.find()) {
            latest = Optional.of(Double.parseDouble(matcher.group(1)));
        }
        return latest;
    }
}
