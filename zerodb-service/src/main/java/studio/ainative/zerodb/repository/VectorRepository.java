package studio.ainative.zerodb.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import studio.ainative.platform.vectors.Candidate;
import studio.ainative.platform.vectors.CandidateSearch;
import studio.ainative.platform.vectors.Float32Bytes;
import studio.ainative.platform.vectors.PackedCodes;
import studio.ainative.platform.vectors.SqlFragment;
import studio.ainative.platform.vectors.VectorTable;
import studio.ainative.platform.web.SqlStates;
import studio.ainative.zerodb.VectorRecord;

/**
 * Vectors, their coarse codes and namespaces. Every statement also names the project, so the planner can
 * use the project indexes; the policies enforce it regardless.
 */
@ApplicationScoped
public class VectorRepository {

    /** Sign codes in the narrow {@code vector_codes}, float vectors and norms in {@code vectors}, both keyed by project and id. */
    private static final CandidateSearch SEARCH = new CandidateSearch(new VectorTable("vector_codes", "vectors",
            List.of("project_id", "id"), "id", "code", "embedding", "norm"));
    /** The first placeholder a metadata filter may use in {@link #candidates}: the scope binds $1..$3. */
    public static final int FILTER_FIRST_PARAM = 4;
    /** The metadata column a filter in {@link #candidates} reads (of the joined vectors row). */
    public static final String FILTER_COLUMN = CandidateSearch.ROWS + ".metadata";
    /**
     * The rows of the current version ($3) whose nearest list is probed ($4), those whose second nearest is (each
     * part an index range of its own covering index; a row in both counts once), and every row of any other
     * version. The lists are
     * passed through a scalar subquery (one value per statement) so the planner does not plan around the array's
     * contents: seeing a third of a namespace's lists, it would read the whole table and test every row against
     * the array, instead of reading the lists' index ranges.
     */
    private static final String PROBED = "ANY((SELECT $4::int[])::int[])";
    private static final List<String> LIST_PARTS = List.of("c.list_version = $3 AND c.list = " + PROBED,
            "c.list_version = $3 AND c.list2 = " + PROBED);
    private static final List<String> ALL_PARTS = Stream.concat(LIST_PARTS.stream(),
            Stream.of("c.list_version < $3", "c.list_version > $3")).toList();
    /**
     * With packed lists: the rows of the current version ($3) written after the packs ($5) whose nearest or second
     * nearest list is probed (a range of the write-number index: the tail is small), and every row of any other version.
     */
    private static final List<String> TAIL_PARTS = List.of(
            "c.written > $5 AND c.list_version = $3 AND (c.list = " + PROBED + " OR c.list2 = " + PROBED + ")",
            "c.list_version < $3", "c.list_version > $3");
    private static final String DETAIL_COLUMNS = "id, owner_id, namespace, dims, document, metadata, created_at, updated_at";

    /**
     * A namespace's dimension, its current centroid version (0: none yet, searches scan it flat), and the version and
     * write number its packed lists hold (0: none).
     */
    public record NamespaceState(int dims, int ivfVersion, int packedVersion, long packedThrough) {
        /** Whether the packs hold the current version's lists. */
        public boolean packed() {
            return ivfVersion > 0 && packedVersion == ivfVersion && packedThrough > 0;
        }
    }

    /** Which two lists (nearest, second nearest) of which centroid version a vector's code row is in; {@link #UNASSIGNED} before any. */
    public record ListAssignment(int version, int list, int list2) {
        public static final ListAssignment UNASSIGNED = new ListAssignment(0, 0, 0);
    }

    /** The namespace's state, fixing its dimension to {@code dims} when this is its first vector. */
    public Uni<NamespaceState> ensureNamespace(SqlConnection tx, UUID projectId, String namespace, int dims) {
        return tx.preparedQuery("INSERT INTO namespaces (project_id, namespace, dims) VALUES ($1, $2, $3) "
                        + "ON CONFLICT (project_id, namespace) DO NOTHING")
                .execute(Tuple.of(projectId, namespace, dims))
                .chain(() -> namespaceState(tx, projectId, namespace))
                .map(found -> found.orElseThrow(() -> new IllegalStateException("namespace vanished")));
    }

    public Uni<Optional<NamespaceState>> namespaceState(SqlConnection tx, UUID projectId, String namespace) {
        return tx.preparedQuery("SELECT dims, ivf_version, ivf_packed_version, ivf_packed_through FROM namespaces "
                        + "WHERE project_id = $1 AND namespace = $2")
                .execute(Tuple.of(projectId, namespace))
                .map(rows -> {
                    if (rows.rowCount() == 0) {
                        return Optional.empty();
                    }
                    Row row = rows.iterator().next();
                    return Optional.of(new NamespaceState(row.getInteger("dims"), row.getInteger("ivf_version"),
                            row.getInteger("ivf_packed_version"), row.getLong("ivf_packed_through")));
                });
    }

    /** Owners of those of {@code ids} the caller can see. */
    public Uni<Map<String, String>> visibleOwners(SqlConnection tx, UUID projectId, List<String> ids) {
        return tx.preparedQuery("SELECT id, owner_id FROM vectors WHERE project_id = $1 AND id = ANY($2)")
                .execute(Tuple.of(projectId, ids.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, String> owners = new HashMap<>();
                    rows.forEach(row -> owners.put(row.getString("id"), row.getString("owner_id")));
                    return owners;
                });
    }

    /** What an upsert did to one vector: its owner, and whether the row is new (false: an existing row was replaced). */
    public record Upserted(String id, String ownerId, boolean created) {
    }

    /**
     * Inserts each vector as {@code ownerId}'s, or replaces the row holding its id (whose owner stays), one
     * atomic {@code INSERT ... ON CONFLICT DO UPDATE} per vector, so a concurrent insert or delete of the same id
     * cannot make it fail or misreport. Rows are written in id order, so two batches sharing ids lock them in
     * the same order and cannot deadlock. Empty when a row holding one of the ids is not the caller's to write:
     * the policies refuse the statement (42501) and the transaction can only be rolled back.
     */
    public Uni<Optional<Map<String, Upserted>>> upsert(SqlConnection tx, UUID projectId, String ownerId, List<VectorWrite> writes,
                                                       Map<String, ListAssignment> lists) {
        List<VectorWrite> sorted = writes.stream().sorted(Comparator.comparing(VectorWrite::id)).toList();
        List<Tuple> vectors = new ArrayList<>(sorted.size());
        for (VectorWrite w : sorted) {
            vectors.add(Tuple.tuple(List.of(projectId, w.id(), ownerId, w.namespace(), w.vector().dims(),
                    w.vector().buffer(), w.vector().norm()))
                    .addValue(w.document()).addValue(w.metadataJson()));
        }
        return tx.preparedQuery("INSERT INTO vectors (project_id, id, owner_id, namespace, dims, embedding, norm, document, metadata) "
                        + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::text::jsonb) ON CONFLICT (project_id, id) DO UPDATE SET "
                        + "namespace = EXCLUDED.namespace, dims = EXCLUDED.dims, embedding = EXCLUDED.embedding, norm = EXCLUDED.norm, "
                        + "document = EXCLUDED.document, metadata = EXCLUDED.metadata, updated_at = now() "
                        + "RETURNING id, owner_id, (xmax = 0) AS created")
                .executeBatch(vectors)
                .map(result -> {
                    Map<String, Upserted> done = new HashMap<>();
                    for (RowSet<Row> rows = result; rows != null; rows = rows.next()) {
                        rows.forEach(row -> done.put(row.getString("id"),
                                new Upserted(row.getString("id"), row.getString("owner_id"), row.getBoolean("created"))));
                    }
                    if (done.size() != sorted.size()) {
                        throw new IllegalStateException("upsert returned " + done.size() + " rows for " + sorted.size() + " vectors");
                    }
                    return Optional.of(done);
                })
                .chain(done -> upsertCodes(tx, projectId, sorted, done.get(), lists).replaceWith(done))
                .onFailure(failure -> SqlStates.is(failure, SqlStates.INSUFFICIENT_PRIVILEGE)).recoverWithItem(Optional.empty());
    }

    /** Each vector's sign code and list, owned like its vector, in the same id order. */
    private Uni<Void> upsertCodes(SqlConnection tx, UUID projectId, List<VectorWrite> sorted, Map<String, Upserted> done,
                                  Map<String, ListAssignment> lists) {
        List<Tuple> codes = new ArrayList<>(sorted.size());
        for (VectorWrite w : sorted) {
            ListAssignment list = lists.getOrDefault(w.id(), ListAssignment.UNASSIGNED);
            codes.add(Tuple.of(projectId, w.id(), done.get(w.id()).ownerId(), w.namespace()).addValue(w.vector().code())
                    .addValue(list.version()).addValue(list.list()).addValue(list.list2()));
        }
        return tx.preparedQuery("INSERT INTO vector_codes (project_id, id, owner_id, namespace, code, list_version, list, list2) "
                        + "VALUES ($1, $2, $3, $4, $5::text::varbit, $6, $7, $8) ON CONFLICT (project_id, id) DO UPDATE SET "
                        + "namespace = EXCLUDED.namespace, code = EXCLUDED.code, list_version = EXCLUDED.list_version, list = EXCLUDED.list, "
                        + "list2 = EXCLUDED.list2, written = EXCLUDED.written")
                .executeBatch(codes).replaceWithVoid();
    }

    /**
     * The coarse pass: the {@code limit} visible vectors of the namespace (of {@code ownerId} only, when
     * given) whose sign codes are nearest the query's, with their float vectors for exact re-scoring. It scans
     * only the narrow {@code vector_codes} relation, joining the wide row for the candidates (and for the
     * metadata filter, numbered from {@link #FILTER_FIRST_PARAM} over {@link #FILTER_COLUMN}).
     */
    public Uni<List<Candidate>> candidates(SqlConnection tx, UUID projectId, String namespace, String ownerId, float[] query,
                                           int limit, SqlFragment filter) {
        // $3 is the owner, or null. Two statement texts rather than "($3 IS NULL OR owner_id = $3)": a cached
        // generic plan of that could not use the owner index, and a strict end user's search reads their slice only.
        String where = ownerId == null ? "c.project_id = $1 AND c.namespace = $2 AND $3::text IS NULL"
                : "c.project_id = $1 AND c.namespace = $2 AND c.owner_id = $3";
        SqlFragment scope = new SqlFragment(where, java.util.Arrays.asList(projectId, namespace, ownerId)).and(filter);
        return SEARCH.candidates(tx, scope, filter != SqlFragment.TRUE, query, limit);
    }

    /**
     * The coarse pass over the probed lists only: the {@code limit} visible vectors of the namespace nearest the
     * query by code among those assigned to one of {@code probes} of centroid version {@code version}, and among
     * every vector assigned under any other version (before a retrain reached it, or by a replica that had not
     * seen the retrain yet), which are scanned in full so that a retrain never hides a vector. Both are ranges
     * of the {@code (project_id, namespace, list_version, list)} index, which also holds every column the scan and
     * the read policy need, so each part is read from the index alone (once VACUUM has marked the pages all-visible).
     * Without {@code otherVersions} only the probed lists are read: a search split over two connections reads the
     * other versions' rows in one of its halves.
     */
    public Uni<List<Candidate>> candidatesInLists(SqlConnection tx, UUID projectId, String namespace, int version, int[] probes,
                                                  boolean otherVersions, float[] query, int limit) {
        Integer[] lists = boxed(probes);
        SqlFragment scope = new SqlFragment("c.project_id = $1 AND c.namespace = $2", List.of(projectId, namespace, version, lists));
        return SEARCH.candidates(tx, scope, otherVersions ? ALL_PARTS : LIST_PARTS, query, limit);
    }

    /** A list's pack. */
    public record ListPack(int list, PackedCodes.Pack pack) {
    }

    /** The packed lists {@code probes} of the packing through write number {@code packedThrough} (a list without rows has no pack). */
    public Uni<List<ListPack>> packs(SqlConnection tx, UUID projectId, String namespace, long packedThrough, int[] probes) {
        return tx.preparedQuery("SELECT list, entries, ids, codes FROM vector_list_packs WHERE project_id = $1 AND namespace = $2 "
                        + "AND packed_through = $3 AND list = ANY($4)")
                .execute(Tuple.of(projectId, namespace, packedThrough, boxed(probes)))
                .map(rows -> {
                    List<ListPack> out = new ArrayList<>(rows.rowCount());
                    for (Row row : rows) {
                        out.add(new ListPack(row.getInteger("list"), new PackedCodes.Pack(row.getInteger("entries"),
                                row.getBuffer("ids").getBytes(), row.getBuffer("codes").getBytes())));
                    }
                    return out;
                });
    }

    /**
     * Beside the packs: the {@code limit} codes nearest the query by Hamming distance among the rows the packs do not hold
     * (the probed lists' rows of {@code version} written after {@code packedThrough}, and every row of another version),
     * ids and codes only.
     */
    public Uni<List<PackedCodes.Coded>> tailCodes(SqlConnection tx, UUID projectId, String namespace, int version, long packedThrough,
                                                  int[] probes, float[] query, int limit) {
        Integer[] lists = boxed(probes);
        SqlFragment scope = new SqlFragment("c.project_id = $1 AND c.namespace = $2", List.of(projectId, namespace, version, lists, packedThrough));
        return SEARCH.nearestCodes(tx, scope, TAIL_PARTS, query, limit);
    }

    /** The float vectors of those of {@code ids} still in the namespace and visible to the caller, for exact re-scoring. */
    public Uni<List<Candidate>> vectorsOf(SqlConnection tx, UUID projectId, String namespace, List<String> ids) {
        return SEARCH.vectors(tx, new SqlFragment(CandidateSearch.ROWS + ".project_id = $1 AND " + CandidateSearch.ROWS + ".namespace = $2",
                List.of(projectId, namespace)), ids);
    }

    /** Documents and metadata of these vectors (no float vectors), keyed by id. */
    public Uni<Map<String, VectorRecord>> details(SqlConnection tx, UUID projectId, List<String> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return tx.preparedQuery("SELECT " + DETAIL_COLUMNS + " FROM vectors WHERE project_id = $1 AND id = ANY($2)")
                .execute(Tuple.of(projectId, ids.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, VectorRecord> out = new HashMap<>();
                    rows.forEach(row -> out.put(row.getString("id"), record(row, null)));
                    return out;
                });
    }

    public Uni<Optional<VectorRecord>> find(SqlConnection tx, UUID projectId, String id) {
        return tx.preparedQuery("SELECT " + DETAIL_COLUMNS + ", embedding FROM vectors WHERE project_id = $1 AND id = $2")
                .execute(Tuple.of(projectId, id))
                .map(rows -> {
                    if (rows.rowCount() == 0) {
                        return Optional.empty();
                    }
                    Row row = rows.iterator().next();
                    return Optional.of(record(row, Float32Bytes.decode(row.getBuffer("embedding").getBytes())));
                });
    }

    /** Deletes the vector if the caller may; its code goes with it (foreign key cascade). */
    public Uni<Boolean> delete(SqlConnection tx, UUID projectId, String id) {
        return tx.preparedQuery("DELETE FROM vectors WHERE project_id = $1 AND id = $2")
                .execute(Tuple.of(projectId, id)).map(rows -> rows.rowCount() == 1);
    }

    /** A page of the namespace's visible vectors in id order, after {@code afterId} (exclusive) when given. */
    public Uni<List<VectorRecord>> list(SqlConnection tx, UUID projectId, String namespace, String afterId, int limit) {
        return tx.preparedQuery("SELECT " + DETAIL_COLUMNS + " FROM vectors WHERE project_id = $1 AND namespace = $2 "
                        + "AND ($3::text IS NULL OR id > $3) ORDER BY id LIMIT $4")
                .execute(Tuple.of(projectId, namespace, afterId, limit))
                .map(rows -> {
                    List<VectorRecord> out = new ArrayList<>(rows.rowCount());
                    rows.forEach(row -> out.add(record(row, null)));
                    return out;
                });
    }

    /** Per namespace: its dimension and how many vectors the caller can see (namespaces without any included). */
    public Uni<List<NamespaceStats>> stats(SqlConnection tx, UUID projectId) {
        return tx.preparedQuery("SELECT n.namespace, n.dims, (SELECT count(*) FROM vector_codes c "
                        + "WHERE c.project_id = n.project_id AND c.namespace = n.namespace) AS vector_count "
                        + "FROM namespaces n WHERE n.project_id = $1 ORDER BY n.namespace")
                .execute(Tuple.of(projectId))
                .map(rows -> {
                    List<NamespaceStats> out = new ArrayList<>(rows.rowCount());
                    rows.forEach(row -> out.add(new NamespaceStats(row.getString("namespace"), row.getInteger("dims"),
                            row.getLong("vector_count"))));
                    return out;
                });
    }

    /** Lists as the driver binds an {@code int[]} parameter. */
    private static Integer[] boxed(int[] probes) {
        return java.util.Arrays.stream(probes).boxed().toArray(Integer[]::new);
    }

    private static VectorRecord record(Row row, float[] embedding) {
        return new VectorRecord(row.getString("id"), row.getString("owner_id"), row.getString("namespace"),
                row.getInteger("dims"), embedding, row.getString("document"), Json.read(row.getValue("metadata")),
                row.getOffsetDateTime("created_at"), row.getOffsetDateTime("updated_at"));
    }
}
