package studio.ainative.bench.memory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import studio.ainative.bench.common.Client;
import studio.ainative.bench.common.Corpus;
import studio.ainative.bench.common.EmbeddingCache;
import studio.ainative.bench.common.Latencies;
import studio.ainative.platform.embeddings.LocalMiniLmEmbedder;
import studio.ainative.platform.embeddings.Vectors;
import studio.ainative.platform.testing.BenchMain;
import studio.ainative.platform.testing.IdentityProcess;
import studio.ainative.platform.testing.ProcStat;
import studio.ainative.platform.testing.QuarkusAppProcess;
import studio.ainative.platform.testing.ServiceEnvironment;
import studio.ainative.platform.testing.Tenant;
import studio.ainative.platform.vectors.EncodedVector;

/**
 * memory-service measured end to end through the packaged service, its authentication and its row-level
 * security, at one end user holding {@code user-memories} memories in a project of {@code memories}:
 *
 * <ol>
 *   <li>the baseline: the latency of the service's cheapest authenticated read, one client;</li>
 *   <li>recall latency with {@code query_vector} (the query's embedding left out), one client;</li>
 *   <li>recall latency with {@code query} text, and the model's cost of embedding one query alone;</li>
 *   <li>recall@10 of the service's ranking against exact scoring of all the user's memories
 *       ({@code 0.5·cosine + 0.3·importance + 0.2·exp(−λ·hours since last access)}, computed here);</li>
 *   <li>remember throughput, embedding included, at {@code remember-clients} concurrent clients.</li>
 * </ol>
 *
 * Arguments: {@code key=value} (memories, user-memories, queries, warmup, text-queries, quality-queries,
 * remember, remember-clients, decay, database, jfr, out).
 */
public final class MemoryBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SERVICE_NAME = "memory-bench";
    private static final String SERVICE_SECRET = "memory-bench-secret-0123456789";
    private static final String BASE = "/api/v1/public/memory/v2";
    private static final int TOP_K = 10;
    private static final List<String> ENTITIES = List.of("user_events", "preferences", "conversations", "profile", "work",
            "travel", "health", "shopping");
    private static final double[] WEIGHTS = {0.5, 0.3, 0.2};

    /** bench/memory: caches, logs and results go under its target/. */
    private static final Path HOME = Path.of(System.getProperty("bench.dir", ".")).toAbsolutePath().normalize();

    private final Map<String, String> options;
    private final Map<String, Object> results = new LinkedHashMap<>();
    private final Random random = new Random(7);
    private Client api;
    private String jdbcUrl;

    /** The end user's memories, as loaded: index i is the i-th sentence of the corpus. */
    private final List<UUID> ids = new ArrayList<>();
    private final List<float[]> vectors = new ArrayList<>();
    private final Map<UUID, Integer> indexOf = new HashMap<>();

    private MemoryBench(Map<String, String> options) {
        this.options = options;
    }

    public static void main(String[] args) {
        BenchMain.main(new LinkedHashMap<>(Map.ofEntries(Map.entry("memories", "100000"),
                Map.entry("user-memories", "10000"), Map.entry("queries", "300"), Map.entry("warmup", "200"),
                Map.entry("text-queries", "100"), Map.entry("quality-queries", "200"), Map.entry("remember", "1000"),
                Map.entry("remember-clients", "4"), Map.entry("decay", "0.01"), Map.entry("database", "memory_bench"),
                Map.entry("jfr", "false"), Map.entry("out", "target/results.json"))), args, options -> new MemoryBench(options).run());
    }

    private int option(String name) {
        return Integer.parseInt(options.get(name));
    }

    private void run() throws Exception {
        int userMemories = option("user-memories");
        int queries = option("warmup") + Math.max(option("queries"), option("quality-queries"));
        int remember = option("remember");
        List<String> sentences = Corpus.sentences(Path.of("/usr/share/doc"), userMemories + queries + remember, 43);
        List<String> embedded = sentences.subList(0, userMemories + queries);
        List<float[]> embeddings = EmbeddingCache.embed(embedded, HOME);
        List<String> contents = sentences.subList(0, userMemories);
        List<float[]> queryVectors = embeddings.subList(userMemories, userMemories + queries);
        List<String> queryTexts = sentences.subList(userMemories, userMemories + queries);
        List<String> rememberTexts = sentences.subList(userMemories + queries, sentences.size());
        for (int i = 0; i < userMemories; i++) {
            vectors.add(Vectors.normalized(embeddings.get(i)));
        }
        results.put("corpus", Corpus.description(sentences.size(), vectors.get(0).length));
        jdbcUrl = "jdbc:postgresql://127.0.0.1:5432/" + options.get("database");

        IdentityProcess identity = new IdentityProcess(SERVICE_NAME, SERVICE_SECRET, Map.of());
        identity.start();
        Map<String, String> env = ServiceEnvironment.of("MEMORY", "memory", options.get("database"), identity.url(), SERVICE_NAME,
                SERVICE_SECRET);
        env.put("MEMORY_RECALL_DECAY_PER_HOUR", options.get("decay"));
        if (Boolean.parseBoolean(options.get("jfr"))) {
            ServiceEnvironment.recordFlight(env, HOME.resolve("target/memory-service.jfr"));
        }
        try (QuarkusAppProcess memory = new QuarkusAppProcess("memory-service", "1g", env, HOME.resolve("target/memory-service.log")).start()) {
            api = new Client(memory.url());
            Map<String, Object> rss = new LinkedHashMap<>();
            // Idle: started and ready, nothing asked yet; loaded: after the last phase.
            rss.put("memory_idle_rss_mib", ProcStat.rssMib(memory.handle()));
            results.put("memory", rss);
            Tenant tenant = Tenant.create(identity.admin(), "bench-memory");
            String user = "user-bench-memory-" + UUID.randomUUID();
            // Tokens live five minutes: a fresh one for each phase.
            Supplier<String> token = () -> tenant.userToken(user);
            String ownerId = ownerIdOf(token.get());
            load(tenant.projectId(), ownerId, contents);
            results.put("baseline_list_newest", baseline(token.get()));
            Map<String, Object> byVector = latency("query_vector", option("queries"), token.get(),
                    i -> Map.of("query_vector", queryVectors.get(i)));
            results.put("recall_by_vector", byVector);
            Map<String, Object> byText = latency("query", option("text-queries"), token.get(), i -> Map.of("query", queryTexts.get(i)));
            results.put("recall_by_text", byText);
            results.put("query_embedding", embeddingCost(queryTexts, byVector, byText));
            results.put("quality", quality(token.get(), ownerId, queryVectors));
            results.put("remember", remember(token.get(), rememberTexts));
            rss.put("memory_loaded_rss_mib", ProcStat.rssMib(memory.handle()));
        } finally {
            identity.stop();
        }
        String report = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(results);
        Files.writeString(HOME.resolve(options.get("out")), report);
        System.out.println(report);
    }

    // ---------------------------------------------------------------------------------------------
    // Setup

    /** The owner id the service derives from the user's token: remembered once, read back, forgotten. */
    private String ownerIdOf(String token) throws Exception {
        String id = api.send("POST", BASE + "/remember", token, Map.of("content", "benchmark probe", "entity_name", "probe"), 201)
                .get("memory_id").asText();
        String owner;
        try (Connection db = superuser(); PreparedStatement select = db.prepareStatement("SELECT owner_id FROM memories WHERE id = ?")) {
            select.setObject(1, UUID.fromString(id));
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                owner = rows.getString(1);
            }
        }
        api.send("DELETE", BASE + "/memories/" + id, token, null, 204);
        return owner;
    }

    private Connection superuser() throws Exception {
        return DriverManager.getConnection(jdbcUrl, "postgres", "");
    }

    /**
     * The project's memories written with COPY as the superuser (remembering 100,000 through the API would be
     * 100,000 embeddings, about seven minutes of the model): the end user's {@code user-memories}, one per
     * corpus sentence, and the rest spread over other users of the same project, {@code user-memories} each,
     * with the same sentences and vectors in another order. Importance, type, entity and times are drawn as
     * described in the README. Then what autovacuum would do shortly after (VACUUM ANALYZE).
     */
    private void load(UUID projectId, String ownerId, List<String> contents) throws Exception {
        int total = option("memories");
        int perOwner = contents.size();
        Instant now = Instant.now();
        long started = System.nanoTime();
        try (Connection db = superuser()) {
            CopyIn copy = db.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY memories (id, project_id, owner_id, entity_name, "
                    + "memory_type, content, content_hash, importance, embedding, norm, code, access_count, created_at, updated_at, "
                    + "last_accessed_at) FROM STDIN (FORMAT csv)");
            StringBuilder rows = new StringBuilder();
            for (int n = 0; n < total; n++) {
                int owner = n / perOwner;
                int i = owner == 0 ? n % perOwner : (int) (((long) (n % perOwner) * 7919 + owner) % perOwner);
                UUID id = UUID.randomUUID();
                if (owner == 0) {
                    ids.add(id);
                    indexOf.put(id, i);
                }
                row(rows, id, projectId, owner == 0 ? ownerId : "user-bench-other-" + owner, contents.get(i), vectors.get(i), now);
                if (rows.length() > 4 << 20 || n == total - 1) {
                    byte[] bytes = rows.toString().getBytes(StandardCharsets.UTF_8);
                    copy.writeToCopy(bytes, 0, bytes.length);
                    rows.setLength(0);
                }
            }
            copy.endCopy();
            try (Statement vacuum = db.createStatement()) {
                vacuum.execute("VACUUM (ANALYZE) memories");
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("loaded %d memories (%d of the user's) in %.0f s%n", total, perOwner, seconds);
        results.put("load", Map.of("memories", total, "user_memories", perOwner, "owners", (total + perOwner - 1) / perOwner,
                "seconds", Math.round(seconds)));
    }

    /**
     * One CSV row. Entity: one of eight; type: episodic 60%, semantic 30%, working 10%; importance: the API's
     * default 0.5 for 60%, else uniform in [0, 1]; created uniformly over the last 90 days, last accessed
     * uniformly between then and now, 0–5 accesses.
     */
    private void row(StringBuilder out, UUID id, UUID projectId, String ownerId, String content, float[] vector, Instant now) {
        EncodedVector encoded = EncodedVector.of(vector);
        double type = random.nextDouble();
        double importance = random.nextDouble() < 0.6 ? 0.5 : Math.round(random.nextDouble() * 100) / 100.0;
        Instant created = now.minusSeconds((long) (random.nextDouble() * 90 * 86400));
        Instant accessed = created.plusSeconds((long) (random.nextDouble() * Duration.between(created, now).toSeconds()));
        out.append(id).append(',').append(projectId).append(',').append(csv(ownerId)).append(',')
                .append(ENTITIES.get(random.nextInt(ENTITIES.size()))).append(',')
                .append(type < 0.6 ? "episodic" : type < 0.9 ? "semantic" : "working").append(',')
                .append(csv(content)).append(',').append(sha256(content)).append(',').append(importance).append(',')
                .append("\\x").append(HexFormat.of().formatHex(encoded.bytes())).append(',').append(encoded.norm()).append(',')
                .append(encoded.code()).append(',').append(random.nextInt(6)).append(',')
                .append(created).append(',').append(created).append(',').append(accessed).append('\n');
    }

    private static String csv(String value) {
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    private static String sha256(String content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Latency

    /** Sequential recalls (one client), limit 10, no filters: {@code warmup} unmeasured, then the measured ones. */
    private Map<String, Object> latency(String name, int count, String token, IntFunction<Map<String, Object>> query) {
        int warmup = option("warmup");
        for (int i = 0; i < warmup; i++) {
            recall(token, query.apply(i));
        }
        double[] ms = new double[count];
        for (int i = 0; i < count; i++) {
            Map<String, Object> body = query.apply(warmup + i);
            long started = System.nanoTime();
            recall(token, body);
            ms[i] = (System.nanoTime() - started) / 1e6;
        }
        Map<String, Object> out = Latencies.summary(ms);
        System.out.println("recall by " + name + ": " + out);
        return out;
    }

    /**
     * The same client, token and service on its cheapest authenticated read, {@code GET /memories?limit=1} (one
     * indexed row through Panache in an RLS transaction): what any request costs here, beside recall.
     */
    private Map<String, Object> baseline(String token) {
        int count = option("queries");
        for (int i = 0; i < option("warmup"); i++) {
            api.send("GET", BASE + "/memories?limit=1", token, null, 200);
        }
        double[] ms = new double[count];
        for (int i = 0; i < count; i++) {
            long started = System.nanoTime();
            api.send("GET", BASE + "/memories?limit=1", token, null, 200);
            ms[i] = (System.nanoTime() - started) / 1e6;
        }
        Map<String, Object> out = Latencies.summary(ms);
        System.out.println("baseline GET /memories?limit=1: " + out);
        return out;
    }

    private JsonNode recall(String token, Map<String, Object> query) {
        Map<String, Object> body = new LinkedHashMap<>(query);
        body.put("limit", TOP_K);
        JsonNode found = api.send("POST", BASE + "/recall", token, body, 200);
        if (found.get("count").asInt() != TOP_K) {
            throw new IllegalStateException("recall found " + found.get("count") + " memories, " + TOP_K + " expected");
        }
        return found;
    }

    /**
     * What embedding one query costs: the model alone in this process, one text at a time (as recall embeds
     * it), and the difference the service shows between recall by text and by vector.
     */
    private Map<String, Object> embeddingCost(List<String> texts, Map<String, Object> byVector, Map<String, Object> byText) {
        int count = option("text-queries");
        double[] ms = new double[count];
        try (LocalMiniLmEmbedder model = new LocalMiniLmEmbedder(1, 1)) {
            for (int i = 0; i < option("warmup"); i++) {
                model.embedBlocking(List.of(texts.get(i)));
            }
            for (int i = 0; i < count; i++) {
                long started = System.nanoTime();
                model.embedBlocking(List.of(texts.get(option("warmup") + i)));
                ms[i] = (System.nanoTime() - started) / 1e6;
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model_alone_one_query", Latencies.summary(ms));
        out.put("service_text_minus_vector_p50_ms", Latencies.round((double) byText.get("p50_ms") - (double) byVector.get("p50_ms")));
        System.out.println("query embedding: " + out);
        return out;
    }

    // ---------------------------------------------------------------------------------------------
    // Quality

    /**
     * For each query: the exact top 10 by memory's score over all the user's memories, from the state the
     * database holds (importance, last access: recall updates the latter, so each answer's accesses are
     * applied before the next query), against the service's top 10. recall@10 = mean |found ∩ exact| / 10.
     */
    private Map<String, Object> quality(String token, String ownerId, List<float[]> queries) throws Exception {
        int n = ids.size();
        double[] importance = new double[n];
        Instant[] accessed = new Instant[n];
        try (Connection db = superuser();
             PreparedStatement select = db.prepareStatement("SELECT id, importance, last_accessed_at FROM memories WHERE owner_id = ?")) {
            select.setString(1, ownerId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    int i = indexOf.get(rows.getObject(1, UUID.class));
                    importance[i] = rows.getDouble(2);
                    accessed[i] = rows.getTimestamp(3).toInstant();
                }
            }
        }
        double lambda = Double.parseDouble(options.get("decay"));
        int count = option("quality-queries");
        double hits = 0;
        double similarityOnlyHits = 0;
        for (int q = 0; q < count; q++) {
            float[] query = Vectors.normalized(queries.get(option("warmup") + q));
            Instant now = Instant.now();
            double[] scores = new double[n];
            double[] similarities = new double[n];
            for (int i = 0; i < n; i++) {
                similarities[i] = Vectors.cosine(query, vectors.get(i));
                double hours = Math.max(0, Duration.between(accessed[i], now).toMillis() / 3_600_000.0);
                scores[i] = WEIGHTS[0] * similarities[i] + WEIGHTS[1] * importance[i] + WEIGHTS[2] * Math.exp(-lambda * hours);
            }
            Set<Integer> exact = top(scores);
            Set<Integer> nearest = top(similarities);
            JsonNode found = recall(token, Map.of("query_vector", query));
            for (JsonNode r : found.get("results")) {
                int i = indexOf.get(UUID.fromString(r.get("memory_id").asText()));
                hits += exact.contains(i) ? 1 : 0;
                similarityOnlyHits += nearest.contains(i) ? 1 : 0;
                accessed[i] = Instant.parse(r.get("last_accessed_at").asText());
            }
        }
        double recall = hits / (count * (double) TOP_K);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("queries", count);
        out.put("recall_at_10_vs_exact_scoring", Latencies.round4(recall));
        out.put("overlap_with_exact_cosine_top_10", Latencies.round4(similarityOnlyHits / (count * (double) TOP_K)));
        System.out.println("quality: " + out);
        return out;
    }

    private static Set<Integer> top(double[] values) {
        PriorityQueue<Integer> best = new PriorityQueue<>((a, b) -> Double.compare(values[a], values[b]));
        for (int i = 0; i < values.length; i++) {
            best.add(i);
            if (best.size() > TOP_K) {
                best.poll();
            }
        }
        return new HashSet<>(best);
    }

    // ---------------------------------------------------------------------------------------------
    // Remember

    /** New memories through the API, embedding included, from {@code remember-clients} threads. */
    private Map<String, Object> remember(String token, List<String> texts) throws Exception {
        int clients = option("remember-clients");
        double[] ms = new double[texts.size()];
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long started = System.nanoTime();
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            running.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < texts.size(); i = next.getAndIncrement()) {
                    long sent = System.nanoTime();
                    api.send("POST", BASE + "/remember", token, Map.of("content", texts.get(i), "entity_name", "bench_remember"), 201);
                    ms[i] = (System.nanoTime() - sent) / 1e6;
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        pool.shutdown();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("memories", texts.size());
        out.put("clients", clients);
        out.put("per_second", Latencies.round(texts.size() / seconds));
        out.put("latency", Latencies.summary(ms));
        System.out.println("remember: " + out);
        return out;
    }
}
