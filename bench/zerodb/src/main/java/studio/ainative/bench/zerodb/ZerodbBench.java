package studio.ainative.bench.zerodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.UUID;
import studio.ainative.bench.common.Client;
import studio.ainative.bench.common.Corpus;
import studio.ainative.bench.common.EmbeddingCache;
import studio.ainative.bench.common.Latencies;
import studio.ainative.platform.testing.BenchMain;
import studio.ainative.platform.testing.IdentityProcess;
import studio.ainative.platform.testing.ProcStat;
import studio.ainative.platform.testing.QuarkusAppProcess;
import studio.ainative.platform.testing.ServiceEnvironment;
import studio.ainative.platform.testing.Tenant;

/**
 * Vector search on core PostgreSQL, measured end to end through the packaged zerodb-service:
 *
 * <ol>
 *   <li>recall@10 against exact search on {@code recall-vectors} real sentences embedded by
 *       all-MiniLM-L6-v2 (held-out sentences as queries), and again at {@code vectors};</li>
 *   <li>single-client latency at {@code vectors} vectors in one project, as the API key (whole project)
 *       and as one end user under strict RLS (their slice);</li>
 *   <li>ingest rate through upsert-batch, with vectors given and with server-side embedding.</li>
 * </ol>
 *
 * Arguments: {@code key=value} (vectors, recall-vectors, users, queries, warmup, text-queries,
 * embed-documents, database, out; see {@link #main}). Also reports the resident memory of zerodb-service and
 * identity-service, idle after start-up and after the load.
 */
public final class ZerodbBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SERVICE_NAME = "zerodb-bench";
    private static final String SERVICE_SECRET = "zerodb-bench-secret-0123456789";
    private static final int TOP_K = 10;
    private static final int BATCH = 1000;

    /** bench/zerodb: caches, logs and results go under its target/. */
    private static final Path HOME = Path.of(System.getProperty("bench.dir", ".")).toAbsolutePath().normalize();

    private final Map<String, String> options;
    private final Map<String, Object> results = new LinkedHashMap<>();
    private final Map<String, Object> memory = new LinkedHashMap<>();
    private Client api;
    private IdentityProcess identity;
    private Map<String, String> serviceEnv;
    private QuarkusAppProcess zerodb;

    /** Service settings a run can set (an option of the same name) and their environment variables. */
    private static final Map<String, String> KNOBS = knobs();
    /** Settings a run can also sweep over the same settled index ({@code <name>-sweep=a,b,...}). */
    private static final List<String> SWEEPABLE = List.of("nprobe", "split", "packed", "min-candidates", "pack-cache");

    private static Map<String, String> knobs() {
        Map<String, String> knobs = new LinkedHashMap<>();
        knobs.put("nprobe", "ZERODB_SEARCH_IVF_NPROBE");
        knobs.put("ivf", "ZERODB_SEARCH_IVF_ENABLED");
        knobs.put("min-candidates", "ZERODB_SEARCH_MIN_CANDIDATES");
        knobs.put("train-threshold", "ZERODB_SEARCH_IVF_TRAIN_THRESHOLD");
        knobs.put("retrain-growth", "ZERODB_SEARCH_IVF_RETRAIN_GROWTH");
        knobs.put("split", "ZERODB_SEARCH_IVF_SPLIT");
        knobs.put("packed", "ZERODB_SEARCH_IVF_PACKED");
        knobs.put("pack-cache", "ZERODB_SEARCH_IVF_PACK_CACHE_SIZE");
        return knobs;
    }

    private ZerodbBench(Map<String, String> options) {
        this.options = options;
    }

    public static void main(String[] args) {
        Map<String, String> defaults = new LinkedHashMap<>(Map.of("vectors", "100000", "recall-vectors", "10000", "users", "10",
                "queries", "300", "warmup", "50", "text-queries", "100", "embed-documents", "2000", "database", "zerodb_bench",
                "out", "target/results.json"));
        // scenario=real (the default: everything below) or synthetic (only the large-scale part, on synthetic-vectors
        // vectors made from the real ones, see Synthetic). Empty service settings keep the service's defaults.
        defaults.putAll(Map.of("scenario", "real", "synthetic-vectors", "1000000", "nprobe", "", "ivf", "", "min-candidates", "",
                "train-threshold", "", "retrain-growth", "", "split", "", "packed", "", "index-wait-s", "1800"));
        defaults.put("pack-cache", "");
        // nprobe-sweep=64,96,128 (split-sweep=false,true alike): after the large-scale latency and recall, zerodb-service is
        // restarted with each value in turn over the same settled index, and latency and recall measured again (the exact
        // answers computed once).
        for (String knob : SWEEPABLE) {
            defaults.put(knob + "-sweep", "");
        }
        BenchMain.main(defaults, args, options -> new ZerodbBench(options).run());
    }

    /** zerodb.search.ivf.train-threshold as this run set it, or the service's default. */
    private long trainThreshold() {
        return options.get("train-threshold").isEmpty() ? 20_000 : Long.parseLong(options.get("train-threshold"));
    }

    private int option(String name) {
        return Integer.parseInt(options.get(name));
    }

    private void run() throws Exception {
        int vectors = option("vectors");
        int queries = option("queries") + option("warmup");
        boolean synthetic = options.get("scenario").equals("synthetic");
        if (!synthetic && !options.get("scenario").equals("real")) {
            throw new IllegalArgumentException("scenario is real or synthetic");
        }
        List<String> sentences = Corpus.sentences(Path.of("/usr/share/doc"), vectors + queries, 42);
        List<float[]> embeddings = EmbeddingCache.embed(sentences, HOME);
        List<float[]> corpus = embeddings.subList(0, vectors);
        List<float[]> queryVectors = embeddings.subList(vectors, vectors + queries);
        results.put("machine", BenchMain.machine(HOME));
        results.put("corpus", Corpus.description(sentences.size(), corpus.get(0).length));
        if (synthetic) {
            corpus = Synthetic.variants(corpus, option("synthetic-vectors"), 7);
            results.put("synthetic", Synthetic.description(option("synthetic-vectors"), vectors));
        }

        Map<String, String> env = ServiceEnvironment.of("ZERODB", "zerodb", options.get("database"), "",
                SERVICE_NAME, SERVICE_SECRET);
        Map<String, Object> settings = new LinkedHashMap<>();
        for (Map.Entry<String, String> knob : KNOBS.entrySet()) {
            if (!options.get(knob.getKey()).isEmpty()) {
                env.put(knob.getValue(), options.get(knob.getKey()));
                settings.put(knob.getKey(), options.get(knob.getKey()));
            }
        }
        results.put("service_settings", settings.isEmpty() ? "defaults" : settings);

        identity = new IdentityProcess(SERVICE_NAME, SERVICE_SECRET, Map.of());
        identity.start();
        env.put("PLATFORM_AUTH_IDENTITY_URL", identity.url());
        serviceEnv = env;
        try {
            startZerodb(env, "zerodb-service.log");
            // Idle: started, ready, nothing asked yet (JIT and pools as start-up left them).
            memory.put("zerodb_idle_rss_mib", ProcStat.rssMib(zerodb.handle()));
            memory.put("identity_idle_rss_mib", ProcStat.rssMib(identity.handle()));
            if (synthetic) {
                largeScale(corpus, queryVectors, null);
            } else {
                recallAtSmallScale(corpus.subList(0, option("recall-vectors")), queryVectors);
                largeScale(corpus, queryVectors, sentences);
                serverSideEmbeddingIngest(sentences);
            }
            loadedRss();
        } finally {
            if (zerodb != null) {
                zerodb.close();
            }
            identity.stop();
        }
        results.put("memory", memory);
        String report = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(results);
        Files.writeString(HOME.resolve(options.get("out")), report);
        System.out.println(report);
    }

    private void startZerodb(Map<String, String> env, String log) {
        zerodb = new QuarkusAppProcess("zerodb-service", "1g", env, HOME.resolve("target/" + log)).start();
        api = new Client(zerodb.url());
    }

    /** Resident memory after the load of the process that took it (a sweep's restarts measure it before the first). */
    private void loadedRss() throws Exception {
        memory.putIfAbsent("zerodb_loaded_rss_mib", ProcStat.rssMib(zerodb.handle()));
        memory.put("identity_loaded_rss_mib", ProcStat.rssMib(identity.handle()));
    }

    // ---------------------------------------------------------------------------------------------

    /** Upserts vectors [from, to) of the corpus in batches; returns vectors per second. */
    private double ingest(String bearer, List<float[]> corpus, int from, int to, String idPrefix) {
        long started = System.nanoTime();
        for (int start = from; start < to; start += BATCH) {
            List<Map<String, Object>> batch = new ArrayList<>();
            for (int i = start; i < Math.min(to, start + BATCH); i++) {
                batch.add(Map.of("vector_id", idPrefix + i, "namespace", "bench", "vector_embedding", corpus.get(i)));
            }
            api.send("POST", "/api/v1/zerodb/vectors/upsert-batch", bearer, Map.of("vectors", batch), 200);
        }
        return (to - from) / ((System.nanoTime() - started) / 1e9);
    }

    private List<String> search(String bearer, float[] query) {
        JsonNode found = searchResponse(bearer, query);
        List<String> ids = new ArrayList<>();
        found.get("results").forEach(r -> ids.add(r.get("vector_id").asText()));
        return ids;
    }

    private JsonNode searchResponse(String bearer, float[] query) {
        return api.send("POST", "/api/v1/zerodb/vectors/search", bearer, Map.of("query_vector", query, "namespace", "bench", "top_k", TOP_K), 200);
    }

    /** Exact top-k by cosine (the corpus vectors are unit length, so dot products) over the given indexes. */
    private static Set<String> exact(List<float[]> corpus, int[] indexes, float[] query, String idPrefix) {
        PriorityQueue<double[]> best = new PriorityQueue<>((a, b) -> Double.compare(a[0], b[0]));
        double queryNorm = Math.sqrt(dot(query, query));
        for (int i : indexes) {
            float[] v = corpus.get(i);
            double score = dot(query, v) / (queryNorm * Math.sqrt(dot(v, v)));
            if (best.size() < TOP_K) {
                best.add(new double[] {score, i});
            } else if (score > best.peek()[0]) {
                best.poll();
                best.add(new double[] {score, i});
            }
        }
        Set<String> ids = new HashSet<>();
        best.forEach(e -> ids.add(idPrefix + (int) e[1]));
        return ids;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }

    private static int[] range(int from, int to) {
        int[] out = new int[to - from];
        Arrays.setAll(out, i -> from + i);
        return out;
    }

    private double recall(String bearer, List<float[]> corpus, int[] indexes, List<float[]> queries, String idPrefix) {
        return recall(bearer, queries, truths(corpus, indexes, queries, idPrefix));
    }

    /** The exact answers, on every core (a million vectors take a while). */
    private static List<Set<String>> truths(List<float[]> corpus, int[] indexes, List<float[]> queries, String idPrefix) {
        return queries.parallelStream().map(q -> exact(corpus, indexes, q, idPrefix)).toList();
    }

    /** Mean recall@10 of the service's answers against {@code truths}; the searches one at a time. */
    private double recall(String bearer, List<float[]> queries, List<Set<String>> truths) {
        double hits = 0;
        for (int i = 0; i < queries.size(); i++) {
            float[] q = queries.get(i);
            Set<String> truth = truths.get(i);
            List<String> got = search(bearer, q);
            hits += got.stream().filter(truth::contains).count() / (double) TOP_K;
        }
        return hits / queries.size();
    }

    /**
     * p50/p95/p99/mean in ms of sequential searches, after warm-up; and the p50 and mean of the time the service reports
     * for each ({@code search_time_ms}, whole milliseconds: from the parsed request to the answer, without the HTTP
     * exchange, authentication or JSON).
     */
    private Map<String, Object> latency(String bearerAtStart, java.util.function.Supplier<String> bearer, List<float[]> queries,
                                        boolean byText, List<String> texts) {
        int warmup = option("warmup");
        int count = byText ? option("text-queries") : option("queries");
        for (int i = 0; i < warmup; i++) {
            search(bearerAtStart, queries.get(i % queries.size()));
        }
        double[] ms = new double[count];
        double[] server = new double[count];
        for (int i = 0; i < count; i++) {
            String token = bearer.get();
            long started = System.nanoTime();
            JsonNode found = byText ? api.send("POST", "/api/v1/zerodb/vectors/search", token, Map.of("query", texts.get(i),
                    "namespace", "bench", "top_k", TOP_K), 200) : searchResponse(token, queries.get((warmup + i) % queries.size()));
            ms[i] = (System.nanoTime() - started) / 1e6;
            server[i] = found.get("search_time_ms").asDouble();
        }
        Map<String, Object> out = Latencies.summary(ms);
        Map<String, Object> serverSide = Latencies.summary(server);
        out.put("service_p50_ms", serverSide.get("p50_ms"));
        out.put("service_mean_ms", serverSide.get("mean_ms"));
        System.out.println("latency " + out);
        return out;
    }


    // ---------------------------------------------------------------------------------------------

    /**
     * What autovacuum does shortly after a bulk load (statistics, visibility map, hint bits), done at once
     * so the latency runs measure the steady state rather than the first minutes after ingest.
     */
    private void vacuumAnalyze() throws Exception {
        psql("VACUUM (ANALYZE) vectors, vector_codes, namespaces, vector_centroids");
    }

    /** What psql printed for {@code sql} (unaligned, tuples only), run as the superuser on the bench database. */
    private String psql(String sql) throws Exception {
        Process psql = new ProcessBuilder("psql", "-h", "127.0.0.1", "-U", "postgres", "-d", options.get("database"), "-XqAt",
                "-c", sql).redirectErrorStream(true).start();
        String out = new String(psql.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        if (psql.waitFor() != 0) {
            throw new IllegalStateException("psql failed: " + out);
        }
        return out;
    }

    /**
     * Waits until the service's index maintenance has settled on the bench namespace of {@code project} (nothing left
     * assigned under an older version, no retrain due, and, unless packing is off, its lists packed at that version), as
     * it does a while after a bulk load; returns its state. Searches are correct meanwhile (rows of another version are
     * scanned in full), only slower.
     */
    private Map<String, Object> settledIndex(UUID project) throws Exception {
        long started = System.nanoTime();
        String query = "SELECT n.ivf_version || ' ' || n.ivf_lists || ' ' || n.ivf_trained_count || ' ' || (SELECT count(*) FROM vector_codes c "
                + "WHERE c.project_id = n.project_id AND c.namespace = n.namespace AND c.list_version <> n.ivf_version) || ' ' || "
                + "(SELECT count(*) FROM vector_codes c WHERE c.project_id = n.project_id AND c.namespace = n.namespace) || ' ' || "
                + "n.ivf_packed_version || ' ' || (SELECT count(*) FROM vector_codes c WHERE c.project_id = n.project_id "
                + "AND c.namespace = n.namespace AND c.written > n.ivf_packed_through) "
                + "FROM namespaces n WHERE n.project_id = '" + project + "' AND n.namespace = 'bench'";
        String[] state;
        String previous = "";
        int unchanged = 0;
        while (true) {
            state = psql(query).split(" ");
            String now = String.join(" ", state);
            // The service's training points (zerodb.search.ivf.train-threshold, retrain-growth): no retrain due.
            long vectors = Long.parseLong(state[4]);
            double growth = options.get("retrain-growth").isEmpty() ? 2 : Double.parseDouble(options.get("retrain-growth"));
            long threshold = trainThreshold();
            boolean due = vectors >= Math.max(threshold, (long) Math.ceil(growth * Long.parseLong(state[2])));
            // Packed at this version, with no more rows written since than bring the next packing (the service's
            // pack-min-tail and pack-tail-fraction defaults): what the namespace settles to once the load ends.
            boolean packed = options.get("packed").equals("false") || (state[5].equals(state[0])
                    && Long.parseLong(state[6]) < Math.max(1000, (long) Math.ceil(0.05 * Long.parseLong(state[2]))));
            boolean assigned = state[3].equals("0") && !state[0].equals("0") && !due && packed;
            // Settled: all assigned and no retrain due, or (index off, or below the threshold: no centroids, none due)
            // nothing changing for 15 s. A retrain due but not yet installed (k-means running) is waited for.
            unchanged = now.equals(previous) ? unchanged + 1 : 0;
            previous = now;
            boolean untrained = state[0].equals("0") && vectors < threshold;
            boolean off = options.get("ivf").equals("false");
            if ((assigned && unchanged >= 3) || ((untrained || off) && unchanged >= 15)) {
                break;
            }
            if (System.nanoTime() - started > option("index-wait-s") * 1_000_000_000L) {
                throw new IllegalStateException("index not settled after " + option("index-wait-s") + " s: " + now);
            }
            Thread.sleep(1000);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("version", Integer.parseInt(state[0]));
        out.put("lists", Integer.parseInt(state[1]));
        out.put("trained_at_vectors", Long.parseLong(state[2]));
        out.put("packed_version", Integer.parseInt(state[5]));
        // Rows written since the packing, which searches rank in PostgreSQL beside the packs.
        out.put("tail_rows", Long.parseLong(state[6]));
        out.put("settled_after_ingest_s", Math.round((System.nanoTime() - started) / 1e9));
        System.out.println("index " + out);
        return out;
    }

    private void recallAtSmallScale(List<float[]> corpus, List<float[]> queries) throws Exception {
        Tenant project = Tenant.create(identity.admin(), "bench-recall");
        double rate = ingest(project.apiKey(), corpus, 0, corpus.size(), "r-");
        vacuumAnalyze();
        double recall = recall(project.apiKey(), corpus, range(0, corpus.size()), queries, "r-");
        System.out.printf("recall@10 at %d vectors: %.4f%n", corpus.size(), recall);
        results.put("recall_small", Map.of("vectors", corpus.size(), "queries", queries.size(), "recall_at_10", Latencies.round4(recall),
                "ingest_vectors_per_s", Math.round(rate)));
    }

    private void largeScale(List<float[]> corpus, List<float[]> queries, List<String> sentences) throws Exception {
        Tenant project = Tenant.create(identity.admin(), "bench-latency");
        int users = option("users");
        int perUser = corpus.size() / users;
        List<String> userIds = new ArrayList<>();
        long started = System.nanoTime();
        for (int u = 0; u < users; u++) {
            String userId = "user-bench-" + u + "-" + UUID.randomUUID();
            userIds.add(userId);
            ingest(project.idp().token(userId), corpus, u * perUser, (u + 1) * perUser, "v-");
        }
        double rate = corpus.size() / ((System.nanoTime() - started) / 1e9);
        System.out.printf("ingest of %d vectors: %.0f vectors/s%n", corpus.size(), rate);
        Map<String, Object> index = settledIndex(project.projectId());
        vacuumAnalyze();
        Map<String, Object> large = new LinkedHashMap<>();
        large.put("vectors", corpus.size());
        large.put("owners", users);
        large.put("ingest_vectors_per_s", Math.round(rate));
        large.put("index", index);

        // The whole project, as its API key.
        large.put("project_latency", latency(project.apiKey(), project::apiKey, queries, false, null));
        List<float[]> recallQueries = queries.subList(0, Math.min(100, queries.size()));
        List<Set<String>> truths = truths(corpus, range(0, corpus.size()), recallQueries, "v-");
        double recall = recall(project.apiKey(), recallQueries, truths);
        System.out.printf("recall@10 at %d vectors: %.4f%n", corpus.size(), recall);
        large.put("project_recall_at_10", Latencies.round4(recall));
        for (String knob : SWEEPABLE) {
            if (!options.get(knob + "-sweep").isEmpty()) {
                large.put(knob + "_sweep", sweep(knob, project, queries, recallQueries, truths));
            }
        }
        if (sentences == null) {
            results.put("large", large);
            return;
        }
        List<String> texts = sentences.subList(corpus.size(), sentences.size());
        large.put("project_text_query_latency", latency(project.apiKey(), project::apiKey, queries, true, texts));

        // One end user's slice under strict RLS. Tokens live five minutes: a fresh one for each phase.
        api.send("POST", "/api/v1/zerodb/projects/" + project.projectId() + "/rls", project.apiKey(),
                Map.of("enabled", true, "user_id_claim", "sub", "policy", "strict"), 200);
        String user = userIds.get(0);
        String token = project.idp().token(user);
        large.put("rls_user_slice_vectors", perUser);
        large.put("rls_user_latency", latency(token, () -> token, queries, false, null));
        double sliceRecall = recall(project.idp().token(user), corpus, range(0, perUser), queries.subList(0, Math.min(100, queries.size())),
                "v-");
        System.out.printf("recall@10 of the user's slice under RLS: %.4f%n", sliceRecall);
        large.put("rls_user_recall_at_10", Latencies.round4(sliceRecall));
        results.put("large", large);
    }

    /**
     * The same settled index searched with other values of one setting: zerodb-service restarted with each (the index
     * lives in PostgreSQL, nothing is rebuilt), then warm-up, latency as the API key and recall against the same exact
     * answers.
     */
    private List<Map<String, Object>> sweep(String knob, Tenant project, List<float[]> queries, List<float[]> recallQueries,
                                            List<Set<String>> truths) throws Exception {
        loadedRss();
        List<Map<String, Object>> sweep = new ArrayList<>();
        for (String raw : options.get(knob + "-sweep").split(",")) {
            String value = raw.trim();
            zerodb.close();
            Map<String, String> env = new LinkedHashMap<>(serviceEnv);
            env.put(KNOBS.get(knob), value);
            startZerodb(env, "zerodb-service-" + knob + "-" + value + ".log");
            Map<String, Object> point = new LinkedHashMap<>();
            point.put(knob, value.matches("\\d+") ? (Object) Integer.parseInt(value) : value);
            point.put("latency", latency(project.apiKey(), project::apiKey, queries, false, null));
            double recall = recall(project.apiKey(), recallQueries, truths);
            System.out.printf("%s %s: recall@10 %.4f%n", knob, value, recall);
            point.put("recall_at_10", Latencies.round4(recall));
            sweep.add(point);
        }
        return sweep;
    }

    private void serverSideEmbeddingIngest(List<String> sentences) {
        Tenant project = Tenant.create(identity.admin(), "bench-embed");
        int count = option("embed-documents");
        long started = System.nanoTime();
        for (int start = 0; start < count; start += 100) {
            List<Map<String, Object>> batch = new ArrayList<>();
            for (int i = start; i < Math.min(count, start + 100); i++) {
                batch.add(Map.of("vector_id", "d-" + i, "namespace", "bench", "document", sentences.get(i)));
            }
            api.send("POST", "/api/v1/zerodb/vectors/upsert-batch", project.apiKey(), Map.of("vectors", batch), 200);
        }
        double rate = count / ((System.nanoTime() - started) / 1e9);
        System.out.printf("ingest with server-side embedding: %.0f documents/s%n", rate);
        ObjectNode out = JSON.createObjectNode().put("documents", count).put("batch", 100).put("vectors_per_s", Math.round(rate));
        results.put("server_side_embedding_ingest", out);
    }

}
