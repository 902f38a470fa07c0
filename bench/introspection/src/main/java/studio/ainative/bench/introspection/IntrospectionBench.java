package studio.ainative.bench.introspection;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import studio.ainative.platform.testing.BenchMain;
import studio.ainative.platform.testing.Wrk;

/**
 * identity-service's introspection endpoint under wrk, against a bench-only identity-service beside the local stack
 * (its PostgreSQL, Redis, devkit and secrets; see {@link BenchIdentity}). Variants, each a fresh process:
 * <ul>
 *   <li>{@code local}: default settings, the in-process cache (5 s) in front of Redis;</li>
 *   <li>{@code redis}: {@code IDENTITY_CACHE_LOCAL_TTL=0s}, every request reads Redis;</li>
 *   <li>{@code cold}: default settings, the bench's keys flushed from Redis, one pass over distinct tokens after a JIT
 *       warm-up pass over other distinct tokens.</li>
 * </ul>
 * Each warm variant (256 tokens of distinct users, see warm.lua): a discarded warm-up (introspection, then as long of
 * the health endpoint), then at 64 and 16 connections {@code GET /q/health/live} (the HTTP and JVM floor of the same
 * process) and the introspection, then the introspection at 64 connections paced to about half the rate just
 * measured (wrk runs closed-loop flat out, so the other runs are at saturation). Redis alone is measured too
 * ({@link RedisBaseline}). Around every measured run the counters are read ({@link Snapshot}); before it, the
 * benchmark waits for other processes to go quiet, and it repeats a run during which they used the CPUs.
 */
public final class IntrospectionBench {

    private static final Path HOME = Path.of(System.getProperty("bench.dir", "bench/introspection")).toAbsolutePath();
    private static final Path REPO = HOME.getParent().getParent();
    private static final Path TARGET = HOME.resolve("target");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static final int WARM_TOKENS = 256;
    private static final List<Integer> CONNECTIONS = List.of(64, 16);
    private static final int TARGET_P99_MS = 5;
    private static final int COLD_WARMUP_SECONDS = 120;
    private static final int COLD_SECONDS = 300;

    /**
     * A minute of warm-up: the JIT is still compiling then (C2 took 0.8-1.0 s of CPU per 20 s after 15 s of load, and
     * still 0.8 s per 30 s after 100 s), and on one CPU its threads take turns with the event loop. Before each
     * measured run the benchmark waits (at most quiet-wait s) until other processes use at most quiet-max of the
     * machine's CPU over 2 s; a run that starts or runs busier is contended and repeated, at most retries times.
     */
    private static final String[][] DEFAULTS = {
        {"layout", "split"}, {"warmup", "60"}, {"duration", "30"}, {"cold-tokens", "10000"}, {"cold-warmup-tokens", "20000"},
        {"quiet-max", "0.10"}, {"quiet-wait", "600"}, {"retries", "2"}, {"identity-env", ""}};

    private final Map<String, String> options;
    private final Layout layout;
    private final Path result;
    private Stack stack;
    private Redis redis;
    private Probes probes;
    private BenchIdentity identity;
    private MeasuredRuns measured;
    private Tokens tokens;
    private String auth;

    private IntrospectionBench(Map<String, String> options) throws IOException {
        this.options = options;
        this.layout = Layout.of(options.get("layout"), REPO.resolve("deploy/k8s/base/identity-service/configmap.yaml"));
        this.result = resultFile(options, Instant.now());
    }

    public static void main(String[] args) {
        BenchMain.main(DEFAULTS, args, options -> new IntrospectionBench(options).run());
    }

    /**
     * bench/introspection/results-&lt;UTC start&gt;-&lt;layout&gt;.json for a run with the defaults (committed); a run with
     * other settings is not a result to commit: target/results-experiment.json with identity-env, else
     * target/results-smoke.json.
     */
    private static Path resultFile(Map<String, String> options, Instant started) {
        if (!options.get("identity-env").isBlank()) {
            return TARGET.resolve("results-experiment.json");
        }
        for (String[] option : DEFAULTS) {
            if (!option[0].equals("layout") && !option[1].equals(options.get(option[0]))) {
                return TARGET.resolve("results-smoke.json");
            }
        }
        return HOME.resolve("results-" + DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HHmm'Z'").withZone(ZoneOffset.UTC).format(started)
                + "-" + options.get("layout") + ".json");
    }

    private int option(String name) {
        return Integer.parseInt(options.get(name));
    }

    private void run() throws Exception {
        Files.createDirectories(TARGET);
        clearScratch();
        stack = Stack.read(REPO.resolve(".dev"));
        auth = "Basic " + Base64.getEncoder().encodeToString(("zerodb-service:" + stack.serviceSecret()).getBytes(StandardCharsets.UTF_8));
        tokens = new Tokens(stack.devkitUrl());
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("started", Instant.now().toString());
        redis = new Redis(stack.redisHost(), stack.redisPort());
        Map<String, Object> baseline;
        try {
            probes = new Probes(stack, redis);
            Map<String, Object> machine = machine();
            Map<String, String> identitySettings = new LinkedHashMap<>(layout.env());
            identitySettings.putAll(identityEnv());
            identity = new BenchIdentity(TARGET.resolve("quarkus-app"), TARGET, layout.jvmPin(), stack, identitySettings);
            measured = new MeasuredRuns(HOME, TARGET, layout, probes, identity, Double.parseDouble(options.get("quiet-max")),
                    option("quiet-wait"), option("retries"));
            flushBenchKeys();
            mintTokens();
            warmVariant("local", Map.of());
            warmVariant("redis", Map.of("IDENTITY_CACHE_LOCAL_TTL", "0s"));
            baseline = redisBaseline();
            coldPass();
            machine.put("load_average_at_end", BenchMain.loadAverage());
            document.put("finished", Instant.now().toString());
            document.put("commit", BenchMain.command(REPO, "git", "rev-parse", "--short", "HEAD"));
            document.put("identity_service_sources_modified",
                    !BenchMain.command(REPO, "git", "status", "--porcelain", "--", "identity-service/src/main", "identity-service/pom.xml").isEmpty());
            document.put("machine", machine);
        } finally {
            if (identity != null) {
                identity.stop();
            }
            flushBenchKeys();
            redis.close();
        }
        document.put("settings", settings());
        document.put("runs", measured.all().stream().map(run -> {
            Map<String, Object> kept = new LinkedHashMap<>(run);
            kept.remove("top");
            return kept;
        }).toList());
        document.put("baselines", Map.of("redis", baseline));
        Report report = new Report(measured.all());
        document.put("ratios", report.ratios(baseline, TARGET_P99_MS));
        document.put("target", report.target(TARGET_P99_MS));
        document.put("contended_runs", report.contended());
        JSON.writer().with(SerializationFeature.INDENT_OUTPUT).writeValue(result.toFile(), document);
        System.out.println();
        System.out.print(Report.table(document));
        System.out.println("results: " + result);
    }

    /** Settings to try on identity, e.g. identity-env=QUARKUS_REDIS_MAX_POOL_SIZE=32,IDENTITY_CACHE_LOCAL_TTL=1s */
    private Map<String, String> identityEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        for (String setting : options.get("identity-env").split(",")) {
            if (!setting.isBlank()) {
                int equals = setting.indexOf('=');
                if (equals < 1) {
                    throw new IllegalArgumentException("identity-env takes KEY=value,…; not " + setting);
                }
                env.put(setting.substring(0, equals), setting.substring(equals + 1));
            }
        }
        return env;
    }

    private void warmVariant(String variant, Map<String, String> settings) throws Exception {
        int duration = option("duration");
        double topDelay = duration > 8 ? duration / 2.0 : 1;
        identity.start(variant, settings);
        sanityCheck();
        Map<String, String> warm = Map.of("BENCH_TOKENS_FILE", TARGET.resolve("tokens-warm.txt").toString(), "BENCH_AUTH", auth);
        log("warm-up (" + option("warmup") + " s introspection, then " + option("warmup") + " s health), discarded");
        Wrk.Output warmup = measured.wrk("warm.lua").run(identity.url(), 64, option("warmup"), List.of(), warm, TARGET.resolve("wrk-" + variant + "-warmup.txt"));
        if (((Number) ((Map<?, ?>) warmup.result().get("errors")).get("status")).longValue() != 0) {
            throw new IllegalStateException("warm-up (" + variant + "): non-2xx answers: " + warmup.result());
        }
        measured.wrk("health.lua").run(identity.url(), 64, option("warmup"), List.of(), Map.of(), TARGET.resolve("wrk-" + variant + "-warmup-health.txt"));
        for (int connections : CONNECTIONS) {
            measured.measure(variant, "health", "health.lua", connections, duration, topDelay, Map.of());
            measured.measure(variant, "introspect", "warm.lua", connections, duration, topDelay, warm);
        }
        // The same 64 connections paced to about half the rate just measured: the latency below saturation.
        double saturated = new Report(measured.all()).figure(variant, "introspect", 64, "rps").orElseThrow();
        long delayMs = Math.round(64 * 1000 / (saturated / 2));
        Map<String, String> paced = new LinkedHashMap<>(warm);
        paced.put("BENCH_DELAY_MS", Long.toString(delayMs));
        measured.measure(variant, "introspect-paced", "warm.lua", 64, duration, topDelay, paced);
        identity.warnings().forEach(System.err::println);
        identity.stop();
    }

    private void coldPass() throws Exception {
        int coldTokens = option("cold-tokens");
        log("cold: flushing " + BenchIdentity.KEY_PREFIX + "* from Redis, fresh process");
        flushBenchKeys();
        identity.start("cold", Map.of());
        log("cold: JIT warm-up over " + option("cold-warmup-tokens") + " other distinct tokens, discarded");
        Wrk.Output warmup = measured.wrk("cold.lua").run(identity.url(), 64, COLD_WARMUP_SECONDS, List.of(),
                Map.of("BENCH_TOKENS_FILE", TARGET.resolve("tokens-cold-warmup.txt").toString(), "BENCH_AUTH", auth),
                TARGET.resolve("wrk-cold-warmup.txt"));
        long inactive = ((Number) ((Map<?, ?>) warmup.result().get("checks")).get("not_active")).longValue()
                + ((Number) ((Map<?, ?>) warmup.result().get("errors")).get("status")).longValue();
        if (inactive != 0) {
            throw new IllegalStateException("cold warm-up: inactive answers: " + warmup.result());
        }
        measured.measure("cold", "introspect", "cold.lua", 64, COLD_SECONDS, 3,
                Map.of("BENCH_TOKENS_FILE", TARGET.resolve("tokens-cold.txt").toString(), "BENCH_AUTH", auth));
        Map<?, ?> checks = (Map<?, ?>) measured.last().get("checks");
        if (((Number) checks.get("distinct_tokens")).intValue() != coldTokens) {
            throw new IllegalStateException("the cold pass did not send each of the " + coldTokens + " tokens: " + checks);
        }
        identity.warnings().forEach(System.err::println);
        identity.stop();
    }

    private Map<String, Object> redisBaseline() throws Exception {
        measured.waitQuiet();
        return RedisBaseline.measure(redis, stack, layout.wrkPin(), Files.readAllLines(TARGET.resolve("tokens-warm.txt")).get(0));
    }

    /**
     * The warm token must answer active; and one never-seen token is verified, so the process holds the provider's
     * JWKS like any running replica does (otherwise the first verification, e.g. when the warm token's Redis entry
     * ends its 5-minute life mid-run, would wait for the first JWKS fetch).
     */
    private void sanityCheck() throws Exception {
        introspectActive(Files.readAllLines(TARGET.resolve("tokens-warm.txt")).get(0), "the warm token");
        introspectActive(tokens.one("bench-probe@example.com"), "a fresh token");
        Double verified = Snapshot.metrics(Probes.get(identity.url() + "/q/metrics"))
                .get("identity_verifications_total{outcome=\"valid\",reason=\"none\"}");
        if (verified == null || verified < 1) {
            throw new IllegalStateException("the fresh token was not verified (identity_verifications_total: " + verified + ")");
        }
    }

    private void introspectActive(String token, String what) throws IOException, InterruptedException {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(identity.url() + "/internal/v1/introspect"))
                .header("Authorization", auth).header("Content-Type", "application/x-www-form-urlencoded")
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString("token=" + token)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200 || !JSON.readTree(answer.body()).path("active").asBoolean()) {
            throw new IllegalStateException("introspection of " + what + " did not answer active: " + answer.statusCode() + " " + answer.body());
        }
    }

    private void mintTokens() throws Exception {
        long started = System.nanoTime();
        log(String.format("minting %d warm + %s cold + %s warm-up tokens through devkit", WARM_TOKENS, options.get("cold-tokens"),
                options.get("cold-warmup-tokens")));
        tokens.mint(TARGET.resolve("tokens-warm.txt"), WARM_TOKENS, "warm");
        tokens.mint(TARGET.resolve("tokens-cold.txt"), option("cold-tokens"), "cold");
        tokens.mint(TARGET.resolve("tokens-cold-warmup.txt"), option("cold-warmup-tokens"), "coldwarmup");
        log(String.format("minted in %d s", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)));
    }

    private void flushBenchKeys() throws IOException {
        redis.deleteMatching(BenchIdentity.KEY_PREFIX + "*");
    }

    private Map<String, Object> machine() throws IOException, InterruptedException {
        Map<String, Object> machine = BenchMain.machine(REPO);
        machine.put("memory", Math.round(Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElse(0) / 1024.0 / 1024) + " GiB");
        machine.put("os", Files.readAllLines(Path.of("/etc/os-release")).stream().filter(l -> l.startsWith("PRETTY_NAME="))
                .map(l -> l.substring("PRETTY_NAME=".length()).replace("\"", "")).findFirst().orElse("unknown"));
        machine.put("wrk", BenchMain.command(REPO, "sh", "-c", "wrk -v 2>&1 | head -n 1 | cut -d' ' -f1-2"));
        machine.putAll(probes.versions());
        return machine;
    }

    private Map<String, Object> settings() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("wrk", "wrk -t" + layout.threads() + " -c<N> -d" + option("duration") + "s --latency");
        settings.put("warmup", option("warmup") + "s");
        settings.put("measured", option("duration") + "s");
        settings.put("layout", layout.description());
        settings.put("warm_tokens", WARM_TOKENS);
        settings.put("connections", CONNECTIONS);
        settings.put("cold_tokens", option("cold-tokens"));
        settings.put("cold_warmup_tokens", option("cold-warmup-tokens"));
        settings.put("jvm", BenchIdentity.HEAP + " (as ./dev)");
        settings.put("redis_key_prefix", BenchIdentity.KEY_PREFIX);
        settings.put("identity_env_extra", options.get("identity-env"));
        settings.put("quiet", "wait for others <= " + options.get("quiet-max") + " of the CPUs (at most " + options.get("quiet-wait")
                + " s), repeat a contended run at most " + options.get("retries") + " times");
        settings.put("paced", "introspect-paced: the 64 connections each wait delay_ms after an answer (wrk delay()), offering about half the saturated rate");
        settings.put("variants", Map.of(
                "local", "defaults: in-process cache 5 s in front of Redis",
                "redis", "IDENTITY_CACHE_LOCAL_TTL=0s: every request reads Redis",
                "cold", "defaults, fresh process, bench keys flushed, one pass over distinct tokens after a JIT warm-up pass over other tokens"));
        return settings;
    }

    private static void clearScratch() throws IOException {
        try (Stream<Path> files = Files.list(TARGET)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (name.startsWith("runs") && name.endsWith(".jsonl") || name.startsWith("wrk-") && name.endsWith(".txt")) {
                    Files.delete(file);
                }
            }
        }
    }

    private static void log(String message) {
        System.err.println("[bench] " + message);
    }
}
