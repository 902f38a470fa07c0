package studio.ainative.bench.chat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import studio.ainative.platform.testing.BenchMain;
import studio.ainative.platform.testing.IdentityProcess;
import studio.ainative.platform.testing.ProcStat;
import studio.ainative.platform.testing.QuarkusAppProcess;
import studio.ainative.platform.testing.ServiceEnvironment;
import studio.ainative.platform.testing.Tenant;

/**
 * chat-service's overhead: the same completion requests sent to devkit's OpenAI-compatible upstream directly and
 * through the packaged chat-service in front of it, in one run, by {@code clients} closed-loop clients.
 *
 * <ol>
 *   <li>{@code json}: non-streamed completions; each variant's latency percentiles and throughput, and what chat
 *       adds to the p50 and the p99 (target: p50 at most 1 ms more);</li>
 *   <li>{@code stream}: {@code stream: true}; time to the first Server-Sent Event and to the end of the stream
 *       (target: first event's p50 at most 2 ms later);</li>
 *   <li>{@code json-slow}, {@code stream-slow}: the same with a model devkit answers only after {@code slow-ms}.</li>
 * </ol>
 *
 * Every mode and variant is warmed up first; then {@code rounds} rounds measure each mode's two variants one slice
 * each, their order alternating (direct, chat; chat, direct; …) so both meet the same machine. Arguments:
 * {@code key=value}, see {@link #DEFAULTS}.
 */
public final class ChatBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** chat-service introspects with its own service name; identity knows it under the same. */
    private static final String SERVICE_NAME = "chat-service";
    private static final String SERVICE_SECRET = "chat-bench-secret-0123456789";
    private static final String UPSTREAM_KEY = "sk-devkit-bench-only";
    private static final String HEAP = "512m";
    private static final String MODEL = "llama-3.3-70b";
    /** The model devkit answers after {@code slow-ms} (the {@code -slow} modes). */
    private static final String SLOW_MODEL = "gpt-4o-mini";
    private static final String PROMPT = "Hello from the chat benchmark: how much does the gateway add?";
    /** A limit no run reaches, so every request is admitted and counted. */
    private static final String UNREACHED_LIMIT = "1000000000";

    /** The set-up's and checks' requests, one at a time. */
    private static final HttpClient SETUP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * What is sent, and the bound on what chat may add to the p50 of what is measured. The {@code -slow} modes
     * ask for {@link #SLOW_MODEL}, which devkit answers only after {@code slow-ms} (its delay fault, armed for that
     * model alone), as a model would take time to answer: the same 32 clients then keep the gateway busy without
     * saturating the two cores, and what chat adds is its own work rather than the queue in front of it.
     */
    private enum Mode {
        /** Non-streamed completions, flat out: the whole answer's time. */
        JSON("json", false, MODEL, 1.0),
        /** {@code stream: true}, flat out: the time to the first event (and to the last byte, reported). */
        STREAM("stream", true, MODEL, 2.0),
        JSON_SLOW("json-slow", false, SLOW_MODEL, 1.0),
        STREAM_SLOW("stream-slow", true, SLOW_MODEL, 2.0);

        final String id;
        final boolean stream;
        final boolean slow;
        final double targetMillis;
        /** Both variants ask for the usage chunk, so devkit does the same work for either (chat always asks for it). */
        final byte[] body;

        Mode(String id, boolean stream, String model, double targetMillis) {
            this.id = id;
            this.stream = stream;
            this.slow = model.equals(SLOW_MODEL);
            this.targetMillis = targetMillis;
            this.body = body(model, stream);
        }

        static Mode of(String id) {
            return Arrays.stream(values()).filter(m -> m.id.equals(id)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("modes are json, stream, json-slow and stream-slow, not " + id));
        }
    }

    /** bench/chat: logs, recordings and results go under it. */
    private static final Path HOME = Path.of(System.getProperty("bench.dir", ".")).toAbsolutePath().normalize();

    /** The arguments ({@code key=value}) and their defaults; README "Running" says what each does. */
    private static final String[][] DEFAULTS = {
        {"clients", "32"}, {"users", "8"}, {"modes", "json,stream,json-slow,stream-slow"}, {"slow-ms", "100"},
        {"warmup", "60"}, {"warmup-answers", "30000"}, {"slow-warmup", "10"}, {"slice", "8"}, {"rounds", "3"},
        {"max-requests", "2000000"}, {"timeout", "10"}, {"client-loops", "1"}, {"jfr", "false"}, {"chat-event-loops", ""},
        {"database", "chat_bench"}, {"out", "target/results.json"}, {"keep", "true"}, {"label", ""}};

    private final Map<String, String> options;
    private final Map<String, Object> results = new LinkedHashMap<>();
    private final CpuMeter meter = new CpuMeter();

    private ChatBench(Map<String, String> options) {
        this.options = options;
    }

    public static void main(String[] args) {
        BenchMain.main(DEFAULTS, args, options -> new ChatBench(options).run());
    }

    private int option(String name) {
        return Integer.parseInt(options.get(name));
    }

    private Duration seconds(String name) {
        return Duration.ofSeconds(option(name));
    }

    private void run() throws Exception {
        Instant started = Instant.now();
        results.put("started", started.toString());
        results.put("machine", machine());
        results.put("settings", new LinkedHashMap<>(options));

        IdentityProcess identity = new IdentityProcess(SERVICE_NAME, SERVICE_SECRET, Map.of());
        identity.start();
        QuarkusAppProcess devkit = null;
        QuarkusAppProcess chat = null;
        try {
            Tenant tenant = Tenant.create(identity.admin(), "chat-bench");
            devkit = new QuarkusAppProcess("devkit", HEAP, Map.of("DEVKIT_OPENAI_API_KEY", UPSTREAM_KEY, "DEVKIT_OPENAI_CHUNK_DELAY", "0ms"),
                    HOME.resolve("target/devkit.log")).start();
            chat = new QuarkusAppProcess("chat-service", HEAP, chatEnvironment(identity, devkit), HOME.resolve("target/chat-service.log")).start();
            Map<String, Object> memory = new LinkedHashMap<>();
            // Idle: started and ready, nothing asked yet; loaded: after the last measured slice.
            memory.put("chat_idle_rss_mib", ProcStat.rssMib(chat.handle()));
            results.put("memory", memory);
            meter.follow("identity", "identity-service");
            meter.follow("devkit", "devkit");
            meter.follow("chat", "chat-service");

            ClosedLoop.Target direct = new ClosedLoop.Target("direct", devkit.url() + "/v1/chat/completions", List.of(UPSTREAM_KEY));
            ClosedLoop.Target viaChat = new ClosedLoop.Target("chat", chat.url() + "/api/v1/chat/completions", userTokens(tenant));
            results.put("credentials", Map.of("direct", "devkit's API key", "chat", option("users") + " end users' session JWTs "
                    + "(TestIdp RS256, an hour of life), client i as user i mod " + option("users")));
            signIn(viaChat);
            List<Mode> modes = Arrays.stream(options.get("modes").split(",")).map(Mode::of).toList();
            if (modes.stream().anyMatch(mode -> mode.slow)) {
                slowDown(devkit);
            }
            for (Mode mode : modes) {
                check(direct, mode);
                check(viaChat, mode);
            }
            try (ClosedLoop loop = new ClosedLoop(option("clients"), option("client-loops"), seconds("timeout"), option("max-requests"))) {
                results.put("warmup", warmUp(loop, modes, direct, viaChat));
                Map<Mode, Map<String, List<ClosedLoop.Slice>>> measured = new LinkedHashMap<>();
                List<Map<String, Object>> slices = measure(loop, modes, direct, viaChat, measured);
                for (Mode mode : modes) {
                    results.put(mode.id, compare(mode, measured.get(mode)));
                }
                results.put("slices", slices);
            }
            memory.put("chat_loaded_rss_mib", ProcStat.rssMib(chat.handle()));
            results.put("chat_metrics", chatMetrics(chat));
            results.put("devkit_stats", JSON.readTree(get(devkit.url() + "/dev/openai/stats").body()));
        } finally {
            if (chat != null) {
                chat.stop();
            }
            if (devkit != null) {
                devkit.stop();
            }
            identity.stop();
        }
        results.put("finished", Instant.now().toString());
        String report = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(results);
        Files.writeString(HOME.resolve(options.get("out")), report);
        if (Boolean.parseBoolean(options.get("keep"))) {
            String stamp = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HHmm'Z'").withZone(ZoneOffset.UTC).format(started);
            String label = options.get("label").isEmpty() ? "" : "-" + options.get("label").replaceAll("[^A-Za-z0-9_-]", "");
            Files.writeString(HOME.resolve("results-" + stamp + label + ".json"), report);
        }
        System.out.println(report);
    }

    private Map<String, String> chatEnvironment(IdentityProcess identity, QuarkusAppProcess devkit) {
        Map<String, String> env = ServiceEnvironment.of("CHAT", "chat", options.get("database"), identity.url(), SERVICE_NAME,
                SERVICE_SECRET);
        env.putAll(Map.ofEntries(
                Map.entry("CHAT_UPSTREAM_BASE_URL", devkit.url() + "/v1"),
                Map.entry("CHAT_UPSTREAM_API_KEY", UPSTREAM_KEY),
                Map.entry("CHAT_LIMIT_REQUESTS_PER_MINUTE", UNREACHED_LIMIT),
                Map.entry("CHAT_LIMIT_TOKENS_PER_MINUTE", UNREACHED_LIMIT),
                Map.entry("QUARKUS_REDIS_HOSTS", "redis://127.0.0.1:6379"),
                // No request asks for memories; a port nothing listens on keeps this run off anyone's memory-service.
                Map.entry("CHAT_MEMORY_URL", "http://127.0.0.1:9"),
                // Each phase's p50 and p99 in the report (where the added latency goes).
                Map.entry("CHAT_PHASE_PERCENTILES", "true")));
        if (!options.get("chat-event-loops").isEmpty()) {
            env.put("QUARKUS_VERTX_EVENT_LOOPS_POOL_SIZE", options.get("chat-event-loops"));
        }
        if (Boolean.parseBoolean(options.get("jfr"))) {
            ServiceEnvironment.recordFlight(env, HOME.resolve("target/chat-service.jfr"));
        }
        return env;
    }

    /** One session JWT per end user, valid for an hour so no run outlives them. */
    private List<String> userTokens(Tenant tenant) {
        long expires = Instant.now().plus(Duration.ofHours(1)).getEpochSecond();
        List<String> tokens = new ArrayList<>();
        for (int u = 0; u < option("users"); u++) {
            tokens.add(tenant.userToken(Tenant.newUserId("bench-" + u), Map.of("exp", expires)));
        }
        return tokens;
    }

    /**
     * Before any timing, each variant answers one request the way the timed ones are checked to: the echo of the
     * prompt, and for a stream its events up to {@code [DONE]}; through chat, with the rate-limit headers that
     * show the request was counted.
     */
    private static void check(ClosedLoop.Target target, Mode mode) throws Exception {
        boolean stream = mode.stream;
        HttpResponse<String> answer = post(target.url(), target.bearers().get(0), mode.body);
        String body = answer.body();
        boolean echoed = stream ? body.endsWith("data: [DONE]\n\n") && body.contains("\"You\"") && body.contains("\"usage\":{")
                : JSON.readTree(body).path("choices").path(0).path("message").path("content").asText().equals("You said: " + PROMPT);
        boolean counted = !target.name().equals("chat") || answer.headers().firstValue("x-ratelimit-remaining-requests").isPresent();
        if (answer.statusCode() != 200 || !echoed || !counted) {
            throw new IllegalStateException(target.name() + (stream ? " stream" : "") + " answered " + answer.statusCode() + " "
                    + answer.headers().map() + ": " + body);
        }
    }

    /** devkit's delay fault for {@link #SLOW_MODEL} alone, until devkit stops: every answer of that model waits {@code slow-ms}. */
    private void slowDown(QuarkusAppProcess devkit) throws Exception {
        byte[] fault = JSON.writeValueAsBytes(Map.of("mode", "delay", "delay_ms", option("slow-ms"), "model", SLOW_MODEL));
        HttpResponse<String> armed = SETUP.send(HttpRequest.newBuilder(URI.create(devkit.url() + "/dev/openai/faults"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(fault)).build(), HttpResponse.BodyHandlers.ofString());
        if (armed.statusCode() != 201) {
            throw new IllegalStateException("devkit refused the delay fault: " + armed.statusCode() + " " + armed.body());
        }
    }

    /**
     * Each end user's first request, one at a time, as a user's first call would come: identity introspects each
     * token once, and from then on platform-auth's cache answers (32 clients starting at once would otherwise all
     * miss it together and queue on identity).
     */
    private static void signIn(ClosedLoop.Target chat) throws Exception {
        for (String token : chat.bearers()) {
            HttpResponse<String> answer = post(chat.url(), token, Mode.JSON.body);
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("an end user's first request answered " + answer.statusCode() + ": " + answer.body());
            }
        }
    }

    /**
     * Every mode and variant in turn before anything is measured, so chat-service's JIT has compiled the paths of
     * all modes (switching between them later would otherwise recompile shared code in measured time): slices of up
     * to 5 s until the variant has answered {@code warmup-answers} requests (enough for C2 to compile what a request
     * runs once) or {@code warmup} seconds have passed. A slow mode runs the same code as its flat-out one, at a
     * tenth of the rate or less: it gets {@code slow-warmup} seconds.
     */
    private List<Map<String, Object>> warmUp(ClosedLoop loop, List<Mode> modes, ClosedLoop.Target direct, ClosedLoop.Target chat)
            throws InterruptedException {
        List<Map<String, Object>> warmups = new ArrayList<>();
        for (Mode mode : modes) {
            for (ClosedLoop.Target target : List.of(direct, chat)) {
                long deadline = System.nanoTime() + seconds(mode.slow ? "slow-warmup" : "warmup").toNanos();
                int answers = 0;
                int errors = 0;
                while (answers < option("warmup-answers") && System.nanoTime() < deadline) {
                    long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000_000L);
                    ClosedLoop.Slice warm = loop.run(target, mode.body, mode.stream, Duration.ofSeconds(Math.min(5, left)));
                    answers += warm.total().size();
                    errors += warm.errors();
                }
                warmups.add(Map.of("mode", mode.id, "variant", target.name(), "answers", answers, "errors", errors));
                System.out.printf("warm-up %s %s: %d answers, %d errors%n", mode.id, target.name(), answers, errors);
            }
        }
        return warmups;
    }

    /**
     * {@code rounds} rounds; in each, every mode with both variants one slice each, the variants' order alternating
     * from round to round (direct first, then chat first), so both meet the same machine.
     */
    private List<Map<String, Object>> measure(ClosedLoop loop, List<Mode> modes, ClosedLoop.Target direct, ClosedLoop.Target chat,
                                              Map<Mode, Map<String, List<ClosedLoop.Slice>>> measured) throws InterruptedException {
        List<Map<String, Object>> figures = new ArrayList<>();
        for (int round = 0; round < option("rounds"); round++) {
            for (Mode mode : modes) {
                for (ClosedLoop.Target target : round % 2 == 0 ? List.of(direct, chat) : List.of(chat, direct)) {
                    CpuMeter.Reading before = meter.read();
                    ClosedLoop.Slice slice = loop.run(target, mode.body, mode.stream, seconds("slice"));
                    Map<String, Object> one = sliceFigures(round + 1, mode, target.name(), slice);
                    one.put("cpu", CpuMeter.between(before, meter.read(), slice.total().size()));
                    figures.add(one);
                    measured.computeIfAbsent(mode, m -> new LinkedHashMap<>()).computeIfAbsent(target.name(), v -> new ArrayList<>()).add(slice);
                    System.out.println(one);
                }
            }
        }
        return figures;
    }

    /** One mode's slices pooled per variant: each variant's figures, what chat adds, and the target. */
    private static Map<String, Object> compare(Mode mode, Map<String, List<ClosedLoop.Slice>> slices) {
        Map<String, Object> pooled = new LinkedHashMap<>();
        Map<String, Samples> totals = new HashMap<>();
        Map<String, Samples> firstEvents = new HashMap<>();
        int errors = 0;
        for (Map.Entry<String, List<ClosedLoop.Slice>> variant : slices.entrySet()) {
            List<ClosedLoop.Slice> measured = variant.getValue();
            Samples total = Samples.merge(measured.stream().map(ClosedLoop.Slice::total).toList());
            Samples firstEvent = Samples.merge(measured.stream().map(ClosedLoop.Slice::firstEvent).toList());
            totals.put(variant.getKey(), total);
            firstEvents.put(variant.getKey(), firstEvent);
            int variantErrors = measured.stream().mapToInt(ClosedLoop.Slice::errors).sum();
            errors += variantErrors;
            double seconds = measured.stream().mapToDouble(ClosedLoop.Slice::seconds).sum();
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("answers", total.size());
            figures.put("errors", variantErrors);
            figures.put("answers_per_s", Math.round(total.size() / seconds));
            if (mode.stream) {
                figures.put("first_event", firstEvent.summary());
                figures.put("last_byte", total.summary());
            } else {
                figures.put("latency", total.summary());
            }
            pooled.put(variant.getKey(), figures);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("variants", pooled);

        Map<String, Object> added = new LinkedHashMap<>();
        Samples measuredChat = mode.stream ? firstEvents.get("chat") : totals.get("chat");
        Samples measuredDirect = mode.stream ? firstEvents.get("direct") : totals.get("direct");
        for (double q : Samples.QUANTILES) {
            added.put(Samples.name(q), Samples.millis(measuredChat.quantileMillis(q) - measuredDirect.quantileMillis(q)));
        }
        added.put("p50_ratio", Math.round(measuredChat.quantileMillis(0.5) / measuredDirect.quantileMillis(0.5) * 100) / 100.0);
        added.put("throughput_ratio", Math.round((double) totals.get("chat").size() / totals.get("direct").size() * 100) / 100.0);
        if (mode.stream) {
            added.put("last_byte_p50_ms", Samples.millis(totals.get("chat").quantileMillis(0.5) - totals.get("direct").quantileMillis(0.5)));
            added.put("last_byte_p99_ms", Samples.millis(totals.get("chat").quantileMillis(0.99) - totals.get("direct").quantileMillis(0.99)));
        }
        out.put(mode.stream ? "added_first_event" : "added_latency", added);

        double addedP50 = (double) added.get("p50_ms");
        boolean met = errors == 0 && addedP50 <= mode.targetMillis;
        out.put("target", Map.of("added_p50_at_most_ms", mode.targetMillis, "met", met, "errors", errors));
        System.out.printf("%s: chat adds %.3f ms to the p50 (target <= %.1f ms: %s), %.3f ms to the p99%n", mode.id, addedP50,
                mode.targetMillis, met ? "met" : "NOT met", (double) added.get("p99_ms"));
        return out;
    }

    private static Map<String, Object> sliceFigures(int round, Mode mode, String variant, ClosedLoop.Slice slice) {
        boolean stream = mode.stream;
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("round", round);
        figures.put("mode", mode.id);
        figures.put("variant", variant);
        figures.put("answers", slice.total().size());
        figures.put("answers_per_s", Math.round(slice.perSecond()));
        figures.put("errors", slice.errors());
        if (slice.firstError() != null) {
            figures.put("first_error", slice.firstError());
        }
        Samples measured = stream ? slice.firstEvent() : slice.total();
        String prefix = stream ? "first_event_" : "";
        figures.put(prefix + "p50_ms", Samples.millis(measured.quantileMillis(0.5)));
        figures.put(prefix + "p99_ms", Samples.millis(measured.quantileMillis(0.99)));
        if (stream) {
            figures.put("last_byte_p50_ms", Samples.millis(slice.total().quantileMillis(0.5)));
        }
        return figures;
    }

    /** chat's own counters after the run: every request admitted through Redis, every usage record written. */
    private static Map<String, Double> chatMetrics(QuarkusAppProcess chat) throws Exception {
        Map<String, Double> picked = new LinkedHashMap<>();
        for (String line : get(chat.url() + "/q/metrics").body().split("\n")) {
            if (line.startsWith("chat_usage_writes_total") || line.startsWith("chat_usage_batch_") || line.startsWith("chat_ratelimit_")
                    || line.startsWith("platform_auth_introspection_cache_total") || line.startsWith("chat_upstream_calls_total")
                    || line.startsWith("chat_upstream_retries_total") || line.startsWith("chat_completion_phase_seconds_sum")
                    || line.startsWith("chat_completion_phase_seconds_count") || line.startsWith("chat_completion_phase_seconds{")) {
                int space = line.lastIndexOf(' ');
                picked.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            }
        }
        return picked;
    }

    private Map<String, Object> machine() {
        Map<String, Object> machine = BenchMain.machine(HOME);
        machine.put("heap_of_chat_and_devkit", HEAP);
        return machine;
    }

    private static byte[] body(String model, boolean stream) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", model);
        body.put("messages", List.of(Map.of("role", "user", "content", PROMPT)));
        if (stream) {
            body.put("stream", true);
            body.put("stream_options", Map.of("include_usage", true));
        }
        try {
            return JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> post(String url, String bearer, byte[] body) throws Exception {
        return SETUP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + bearer)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return SETUP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
