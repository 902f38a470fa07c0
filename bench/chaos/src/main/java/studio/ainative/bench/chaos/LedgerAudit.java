package studio.ainative.bench.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Checks the ledger once the faults are over, twice: through the API as each writer (an acknowledged write must
 * read back as written) and at the database as the superuser (an acknowledged write must be there, and no write,
 * acknowledged or failed, may be partial: a batch all or none of its vectors, each vector with its sign code, a
 * memory with its embedding, a file with all its chunks).
 */
final class LedgerAudit {

    /** What became of one write. */
    enum Verdict {
        /** Acknowledged and there, as written. */
        KEPT,
        /** Acknowledged, but missing or different: a lost acknowledged write. */
        LOST,
        /** Partly there: a batch with some of its vectors, a vector without its code, a file short of chunks. */
        PARTIAL,
        /** Failed for the client but applied whole: allowed (the client cannot tell), counted. */
        APPLIED_DESPITE_ERROR,
        /** Failed and not there. */
        ABSENT
    }

    record Outcome(Ledger.Write write, Verdict verdict, String detail) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Http http;
    private final Stack stack;
    private final String run;
    private final String namespace;

    LedgerAudit(Http http, Stack stack, String run, String namespace) {
        this.http = http;
        this.stack = stack;
        this.run = run;
        this.namespace = namespace;
    }

    List<Outcome> audit(List<Ledger.Write> writes) throws Exception {
        Map<String, Boolean> vectors = vectorsAtDatabase();
        Map<String, Boolean> memories = new HashMap<>();
        Map<String, String> memoryIdByContent = new HashMap<>();
        memoriesAtDatabase(memories, memoryIdByContent);
        Map<String, List<Boolean>> filesByName = new HashMap<>();
        Map<String, Boolean> filesById = new HashMap<>();
        filesAtDatabase(filesByName, filesById);

        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Outcome>> futures = new ArrayList<>();
            for (Ledger.Write write : writes) {
                futures.add(pool.submit(() -> judge(write, vectors, memories, memoryIdByContent, filesByName, filesById)));
            }
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Outcome> future : futures) {
                outcomes.add(future.get());
            }
            return outcomes;
        } finally {
            pool.shutdown();
        }
    }

    private Outcome judge(Ledger.Write w, Map<String, Boolean> vectors, Map<String, Boolean> memories,
            Map<String, String> memoryIdByContent, Map<String, List<Boolean>> filesByName, Map<String, Boolean> filesById)
            throws Exception {
        return switch (w.kind()) {
            case VECTOR, VECTOR_BATCH -> judgeVectors(w, vectors);
            case MEMORY -> judgeMemory(w, memories, memoryIdByContent);
            case FILE -> judgeFile(w, filesByName, filesById);
        };
    }

    private Outcome judgeVectors(Ledger.Write w, Map<String, Boolean> atDatabase) throws Exception {
        int present = 0;
        int whole = 0;
        for (String id : w.ids()) {
            if (atDatabase.containsKey(id)) {
                present++;
                whole += atDatabase.get(id) ? 1 : 0;
            }
        }
        if (present != 0 && (present != w.ids().size() || whole != present)) {
            return new Outcome(w, Verdict.PARTIAL, present + " of " + w.ids().size() + " vectors at the database, " + whole + " whole");
        }
        if (!w.acked()) {
            return new Outcome(w, present == 0 ? Verdict.ABSENT : Verdict.APPLIED_DESPITE_ERROR, "status " + w.status());
        }
        if (present == 0) {
            return new Outcome(w, Verdict.LOST, "acknowledged, not at the database");
        }
        for (int i = 0; i < w.ids().size(); i++) {
            Http.Reply reply = readBack("/api/v1/zerodb/vectors/" + w.ids().get(i), w.token());
            if (reply.status() != 200 || !sameVector(JSON.readTree(reply.body()).get("vector_embedding"), w.embeddings().get(i))) {
                return new Outcome(w, Verdict.LOST, "vector " + w.ids().get(i) + " reads back " + reply.status() + " or different");
            }
        }
        return new Outcome(w, Verdict.KEPT, "");
    }

    private static boolean sameVector(JsonNode read, float[] written) {
        if (read == null || !read.isArray() || read.size() != written.length) {
            return false;
        }
        for (int i = 0; i < written.length; i++) {
            if (Math.abs(read.get(i).floatValue() - written[i]) > 1e-6) {
                return false;
            }
        }
        return true;
    }

    private Outcome judgeMemory(Ledger.Write w, Map<String, Boolean> wholeById, Map<String, String> idByContent) throws Exception {
        String id = w.acked() ? w.ids().get(0) : idByContent.get(w.content());
        if (id != null && wholeById.containsKey(id) && !wholeById.get(id)) {
            return new Outcome(w, Verdict.PARTIAL, "memory " + id + " without its embedding, norm or code");
        }
        if (!w.acked()) {
            return new Outcome(w, id == null ? Verdict.ABSENT : Verdict.APPLIED_DESPITE_ERROR, "status " + w.status());
        }
        if (!wholeById.containsKey(id)) {
            return new Outcome(w, Verdict.LOST, "acknowledged memory " + id + " not at the database");
        }
        Http.Reply reply = readBack("/api/v1/public/memory/v2/memories/" + id, w.token());
        if (reply.status() != 200 || !w.content().equals(JSON.readTree(reply.body()).path("content").asText())) {
            return new Outcome(w, Verdict.LOST, "memory " + id + " reads back " + reply.status() + " or different");
        }
        return new Outcome(w, Verdict.KEPT, "");
    }

    private Outcome judgeFile(Ledger.Write w, Map<String, List<Boolean>> byName, Map<String, Boolean> byId) throws Exception {
        List<Boolean> rows = byName.getOrDefault(w.name(), List.of());
        if (rows.size() > 1 || rows.contains(false)) {
            return new Outcome(w, Verdict.PARTIAL, rows.size() + " rows for one upload, whole: " + rows);
        }
        if (!w.acked()) {
            return new Outcome(w, rows.isEmpty() ? Verdict.ABSENT : Verdict.APPLIED_DESPITE_ERROR, "status " + w.status());
        }
        String id = w.ids().get(0);
        if (!byId.containsKey(id)) {
            return new Outcome(w, Verdict.LOST, "acknowledged file " + id + " not at the database");
        }
        Http.Reply reply = readBack("/api/v1/zerodb/files/" + id, w.token());
        if (reply.status() != 200 || !Workload.sha256(reply.body()).equals(w.sha256())) {
            return new Outcome(w, Verdict.LOST, "file " + id + " reads back " + reply.status() + " or different");
        }
        return new Outcome(w, Verdict.KEPT, "");
    }

    /** A GET as the writer, retried a few times: the audit runs on a healthy stack, a blip is not a loss. */
    private Http.Reply readBack(String path, String token) throws InterruptedException {
        Http.Reply reply = null;
        for (int attempt = 0; attempt < 4; attempt++) {
            reply = http.get(stack.gateway() + path, Map.of("Authorization", "Bearer " + token));
            if (reply.status() == 200 || reply.status() == 404) {
                return reply;
            }
            Thread.sleep(500L << attempt);
        }
        return reply;
    }

    /** The stack's database {@code name} as the superuser: every row, whatever the policies. */
    static Connection superuser(Stack stack, String name) throws SQLException {
        return DriverManager.getConnection(stack.jdbcUrl(name), stack.env().getOrDefault("PG_USER", "postgres"), "");
    }

    /** This run's vectors: id → whole (its embedding of its dims, and its sign code). */
    private Map<String, Boolean> vectorsAtDatabase() throws SQLException {
        Map<String, Boolean> out = new HashMap<>();
        try (Connection db = superuser(stack, "zerodb");
             PreparedStatement select = db.prepareStatement("SELECT v.id, length(v.embedding) = 4 * v.dims AND c.id IS NOT NULL "
                     + "FROM vectors v LEFT JOIN vector_codes c ON c.project_id = v.project_id AND c.id = v.id WHERE v.namespace = ?")) {
            select.setString(1, namespace);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    out.put(rows.getString(1), rows.getBoolean(2));
                }
            }
        }
        return out;
    }

    /** This run's memories: id → whole (embedding, norm and code), and id by content. */
    private void memoriesAtDatabase(Map<String, Boolean> wholeById, Map<String, String> idByContent) throws SQLException {
        try (Connection db = superuser(stack, "memory");
             PreparedStatement select = db.prepareStatement("SELECT id::text, content, length(embedding) > 0 AND norm IS NOT NULL "
                     + "AND code IS NOT NULL FROM memories WHERE entity_name = 'chaos' AND content LIKE ?")) {
            select.setString(1, "chaos " + run + " memory %");
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    wholeById.put(rows.getString(1), rows.getBoolean(3));
                    idByContent.put(rows.getString(2), rows.getString(1));
                }
            }
        }
    }

    /** This run's files: whole (every chunk, as many bytes as its size) by name and by id. */
    private void filesAtDatabase(Map<String, List<Boolean>> byName, Map<String, Boolean> byId) throws SQLException {
        try (Connection db = superuser(stack, "zerodb");
             PreparedStatement select = db.prepareStatement("SELECT f.file_id::text, f.file_name, "
                     + "count(c.seq) = f.chunk_count AND coalesce(sum(length(c.data)), 0) = f.size_bytes "
                     + "FROM files f LEFT JOIN file_chunks c ON c.file_id = f.file_id WHERE f.file_name LIKE ? "
                     + "GROUP BY f.file_id, f.file_name, f.chunk_count, f.size_bytes")) {
            select.setString(1, "chaos-" + run + "-f%");
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    byName.computeIfAbsent(rows.getString(2), name -> new ArrayList<>()).add(rows.getBoolean(3));
                    byId.put(rows.getString(1), rows.getBoolean(3));
                }
            }
        }
    }
}
