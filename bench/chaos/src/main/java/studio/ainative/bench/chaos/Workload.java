package studio.ainative.bench.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The steady mixed load: {@code users} virtual users, each an end user of its own, each starting one operation
 * every {@code 1 / rate} seconds (closed loop: a slow answer delays that user's next request), cycling through
 * every operation of {@link Op}. Every request becomes a {@link Sample}; every write goes into the {@link Ledger}.
 */
final class Workload {

    /** The operations of the mix, in the order each user cycles through them. */
    enum Op {
        VERIFY, INTROSPECT, VECTOR_UPSERT, VECTOR_SEARCH, MEMORY_REMEMBER, CHAT, VECTOR_BATCH, MEMORY_RECALL,
        FILE_UPLOAD, CHAT_STREAM, FILE_DOWNLOAD;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    static final int VECTOR_DIMS = 32;
    /** memory-service's model dimension: a recall by vector skips the embedding of a query text. */
    static final int MEMORY_DIMS = 384;
    static final int BATCH_SIZE = 5;
    static final String CHAT_MODEL = "llama-3.3-70b";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Http http;
    private final Stack stack;
    private final Recorder recorder;
    private final Ledger ledger;
    private final String run;
    private final List<Users.User> users;
    private final double rate;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicLong sequence = new AtomicLong();
    private ExecutorService pool;

    Workload(Http http, Stack stack, Recorder recorder, Ledger ledger, String run, List<Users.User> users, double rate) {
        this.http = http;
        this.stack = stack;
        this.recorder = recorder;
        this.ledger = ledger;
        this.run = run;
        this.users = new CopyOnWriteArrayList<>(users);
        this.rate = rate;
    }

    /** The namespace of this run's vectors. */
    String namespace() {
        return "chaos-" + run;
    }

    List<Users.User> users() {
        return users;
    }

    /** From its next operation on, virtual user {@code index} acts with {@code user}'s token (a fresh sign-in). */
    void replaceUser(int index, Users.User user) {
        users.set(index, user);
    }

    void start() {
        running.set(true);
        pool = Executors.newFixedThreadPool(users.size());
        for (int i = 0; i < users.size(); i++) {
            int index = i;
            pool.submit(() -> loop(index));
        }
    }

    void stop() throws InterruptedException {
        running.set(false);
        pool.shutdown();
        if (!pool.awaitTermination(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the load did not stop within 60 s");
        }
    }

    private void loop(int index) {
        Random random = new Random(index * 7919L + run.hashCode());
        List<Map.Entry<String, String>> files = new ArrayList<>();
        Op[] ops = Op.values();
        long periodNanos = (long) (1e9 / rate);
        long next = System.nanoTime() + index * periodNanos / users.size();
        int step = index;
        while (running.get()) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                sleepNanos(wait);
            }
            next = Math.max(next + periodNanos, System.nanoTime());
            Op op = ops[step++ % ops.length];
            try {
                recorder.add(execute(op, users.get(index), random, files));
            } catch (RuntimeException | IOException e) {
                recorder.add(new Sample(op.label(), recorder.nowMs(), 0, Http.IO_ERROR, false, e.getClass().getSimpleName()));
            }
        }
    }

    private static void sleepNanos(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs one operation as {@code user}; {@code files}: the user's acknowledged uploads (id, sha256), for downloads. */
    Sample execute(Op op, Users.User user, Random random, List<Map.Entry<String, String>> files) throws IOException {
        long started = recorder.nowMs();
        return switch (op) {
            case VERIFY -> verify(started, user.token());
            case INTROSPECT -> introspect(started, user.token());
            case VECTOR_UPSERT -> vectorUpsert(started, user.token(), random);
            case VECTOR_BATCH -> vectorBatch(started, user.token(), random);
            case VECTOR_SEARCH -> vectorSearch(started, user.token(), random);
            case MEMORY_REMEMBER -> remember(started, user.token(), random);
            case MEMORY_RECALL -> recall(started, user.token(), random);
            case CHAT -> chat(started, user.token(), false);
            case CHAT_STREAM -> chat(started, user.token(), true);
            case FILE_UPLOAD -> upload(started, user.token(), random, files);
            case FILE_DOWNLOAD -> files.isEmpty() ? upload(started, user.token(), random, files)
                    : download(started, user.token(), files.get(random.nextInt(files.size())));
        };
    }

    private static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    private Sample sample(Op op, long started, Http.Reply reply, boolean ok, String note) {
        return new Sample(op.label(), started, reply.latencyMs(), reply.status(), ok, note);
    }

    /** The problem+json {@code code} (or OpenAI's {@code error.code}) of a failed answer, for the notes. */
    private static String errorCode(Http.Reply reply) {
        if (reply.ok() || reply.body().length == 0) {
            return "";
        }
        try {
            JsonNode body = JSON.readTree(reply.body());
            JsonNode code = body.has("error") && body.get("error").isObject() ? body.get("error").get("code") : body.get("code");
            return code == null ? "" : code.asText();
        } catch (IOException e) {
            return "";
        }
    }

    Http.Reply verifyReply(String token) {
        return http.get(stack.gateway() + "/api/v1/auth/verify", bearer(token));
    }

    private Sample verify(long started, String token) throws IOException {
        Http.Reply reply = verifyReply(token);
        boolean valid = reply.status() == 200 && JSON.readTree(reply.body()).path("valid").asBoolean();
        return sample(Op.VERIFY, started, reply, valid, reply.status() == 200 && !valid ? "invalid" : errorCode(reply));
    }

    /** identity's introspection, as zerodb-service calls it (its service credential). */
    Http.Reply introspectReply(String token) {
        String credential = Base64.getEncoder().encodeToString(("zerodb-service:" + stack.get("ZERODB_SERVICE_SECRET"))
                .getBytes(StandardCharsets.UTF_8));
        return http.post(stack.identity() + "/internal/v1/introspect", Map.of("Authorization", "Basic " + credential),
                "application/x-www-form-urlencoded", ("token=" + URLEncoder.encode(token, StandardCharsets.UTF_8))
                        .getBytes(StandardCharsets.UTF_8));
    }

    private Sample introspect(long started, String token) throws IOException {
        Http.Reply reply = introspectReply(token);
        boolean active = reply.status() == 200 && JSON.readTree(reply.body()).path("active").asBoolean();
        return sample(Op.INTROSPECT, started, reply, active, reply.status() == 200 && !active ? "inactive" : errorCode(reply));
    }

    static float[] randomVector(Random random, int dims) {
        float[] v = new float[dims];
        double norm = 0;
        for (int i = 0; i < dims; i++) {
            v[i] = (float) random.nextGaussian();
            norm += v[i] * v[i];
        }
        for (int i = 0; i < dims; i++) {
            v[i] = (float) (v[i] / Math.sqrt(norm));
        }
        return v;
    }

    private String zerodb(String path) {
        return stack.gateway() + "/api/v1/zerodb" + path;
    }

    private Sample vectorUpsert(long started, String token, Random random) throws IOException {
        String id = "chaos-" + run + "-v" + sequence.incrementAndGet();
        float[] embedding = randomVector(random, VECTOR_DIMS);
        Map<String, Object> body = Map.of("vector_id", id, "vector_embedding", embedding, "namespace", namespace(),
                "vector_metadata", Map.of("run", run));
        Http.Reply reply = http.post(zerodb("/vectors/upsert"), bearer(token), "application/json", JSON.writeValueAsBytes(body));
        ledger.add(new Ledger.Write(Ledger.Kind.VECTOR, List.of(id), List.of(embedding), null, null, null, 0, token, started,
                reply.status()));
        return sample(Op.VECTOR_UPSERT, started, reply, reply.ok(), errorCode(reply));
    }

    private Sample vectorBatch(long started, String token, Random random) throws IOException {
        long batch = sequence.incrementAndGet();
        List<String> ids = new ArrayList<>();
        List<float[]> embeddings = new ArrayList<>();
        List<Map<String, Object>> vectors = new ArrayList<>();
        for (int k = 0; k < BATCH_SIZE; k++) {
            String id = "chaos-" + run + "-b" + batch + "-" + k;
            float[] embedding = randomVector(random, VECTOR_DIMS);
            ids.add(id);
            embeddings.add(embedding);
            vectors.add(Map.of("vector_id", id, "vector_embedding", embedding, "namespace", namespace()));
        }
        Http.Reply reply = http.post(zerodb("/vectors/upsert-batch"), bearer(token), "application/json",
                JSON.writeValueAsBytes(Map.of("vectors", vectors)));
        ledger.add(new Ledger.Write(Ledger.Kind.VECTOR_BATCH, ids, embeddings, null, null, null, 0, token, started, reply.status()));
        return sample(Op.VECTOR_BATCH, started, reply, reply.ok(), errorCode(reply));
    }

    private Sample vectorSearch(long started, String token, Random random) throws IOException {
        Map<String, Object> body = Map.of("query_vector", randomVector(random, VECTOR_DIMS), "top_k", 5, "namespace", namespace());
        Http.Reply reply = http.post(zerodb("/vectors/search"), bearer(token), "application/json", JSON.writeValueAsBytes(body));
        return sample(Op.VECTOR_SEARCH, started, reply, reply.ok(), errorCode(reply));
    }

    private String memory(String path) {
        return stack.gateway() + "/api/v1/public/memory/v2" + path;
    }

    private Sample remember(long started, String token, Random random) throws IOException {
        String content = "chaos " + run + " memory " + sequence.incrementAndGet() + ": the user prefers "
                + List.of("tea", "coffee", "trains", "maps", "jazz", "chess").get(random.nextInt(6));
        Http.Reply reply = http.post(memory("/remember"), bearer(token), "application/json",
                JSON.writeValueAsBytes(Map.of("content", content, "entity_name", "chaos")));
        String id = reply.status() == 201 ? JSON.readTree(reply.body()).path("memory_id").asText() : null;
        ledger.add(new Ledger.Write(Ledger.Kind.MEMORY, id == null ? List.of() : List.of(id), List.of(), content, null, null, 0,
                token, started, reply.status()));
        return sample(Op.MEMORY_REMEMBER, started, reply, reply.status() == 201, errorCode(reply));
    }

    private Sample recall(long started, String token, Random random) throws IOException {
        Map<String, Object> body = Map.of("query_vector", randomVector(random, MEMORY_DIMS), "limit", 5);
        Http.Reply reply = http.post(memory("/recall"), bearer(token), "application/json", JSON.writeValueAsBytes(body));
        return sample(Op.MEMORY_RECALL, started, reply, reply.ok(), errorCode(reply));
    }

    /** A chat completion with memory; {@code x-ainative-memory} (used, none, unavailable) is the sample's note. */
    Http.Reply chatReply(String token, boolean stream) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", CHAT_MODEL);
        body.put("messages", List.of(Map.of("role", "user", "content", "chaos ping " + sequence.incrementAndGet())));
        body.put("memory", Map.of("entity_name", "chaos", "limit", 3));
        if (stream) {
            body.put("stream", true);
        }
        return http.post(stack.gateway() + "/api/v1/chat/completions", bearer(token), "application/json", JSON.writeValueAsBytes(body));
    }

    /** A stream is whole when it ends in {@code [DONE]} and carries no error event. */
    static boolean wholeStream(String body) {
        return body.contains("data: [DONE]") && !body.contains("\"error\"");
    }

    private Sample chat(long started, String token, boolean stream) throws IOException {
        Http.Reply reply = chatReply(token, stream);
        Op op = stream ? Op.CHAT_STREAM : Op.CHAT;
        if (!reply.ok()) {
            return sample(op, started, reply, false, errorCode(reply));
        }
        String memory = reply.header("x-ainative-memory").orElse("missing");
        boolean whole = stream ? wholeStream(reply.text()) : reply.text().contains("You said:");
        return sample(op, started, reply, whole, whole ? memory : "broken_answer");
    }

    private Sample upload(long started, String token, Random random, List<Map.Entry<String, String>> files) throws IOException {
        byte[] content = new byte[2048 + random.nextInt(14 * 1024)];
        random.nextBytes(content);
        String name = "chaos-" + run + "-f" + sequence.incrementAndGet() + ".bin";
        String sha = sha256(content);
        String boundary = "chaos" + Long.toHexString(random.nextLong());
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(content);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        Http.Reply reply = http.post(zerodb("/files"), bearer(token), "multipart/form-data; boundary=" + boundary, body.toByteArray());
        String id = null;
        boolean ok = false;
        if (reply.status() == 201) {
            JsonNode answer = JSON.readTree(reply.body());
            id = answer.path("file_id").asText();
            ok = sha.equals(answer.path("sha256").asText());
            files.add(Map.entry(id, sha));
        }
        ledger.add(new Ledger.Write(Ledger.Kind.FILE, id == null ? List.of() : List.of(id), List.of(), null, name, sha,
                content.length, token, started, reply.status()));
        return sample(Op.FILE_UPLOAD, started, reply, ok, reply.status() == 201 && !ok ? "sha256_mismatch" : errorCode(reply));
    }

    private Sample download(long started, String token, Map.Entry<String, String> file) {
        Http.Reply reply = http.get(zerodb("/files/" + file.getKey()), bearer(token));
        boolean ok = reply.status() == 200 && sha256(reply.body()).equals(file.getValue());
        return sample(Op.FILE_DOWNLOAD, started, reply, ok, reply.status() == 200 && !ok ? "corrupt" : errorCode(reply));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
