package studio.ainative.zerodb.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import studio.ainative.platform.vectors.CoarseLists;
import studio.ainative.platform.vectors.Float32Bytes;

/**
 * The IVF state of namespaces (V3__vector_lists.sql): centroid versions, and the list each code row is assigned
 * to. Reads of centroids run in any caller's transaction; everything that writes runs in the service's index
 * maintenance, in mode project for one project (the policies refuse it otherwise).
 */
@ApplicationScoped
public class VectorIndexRepository {

    /** What maintenance decides on: the current version, when it was trained, and the namespace's rows now. */
    public record IndexState(int version, int lists, long trainedCount, long vectors, long stale, int packedVersion, long packedThrough,
                             long tail) {
    }

    /** A code row assigned under another version than the current one, with what reassigning it needs. */
    public record StaleRow(String id, String revision, float[] embedding) {
    }

    /** The centroids of {@code version}, in list order; empty when that version is gone (retired by a newer one). */
    public Uni<Optional<CoarseLists>> centroids(SqlConnection tx, UUID projectId, String namespace, int version) {
        return tx.preparedQuery("SELECT list, centroid FROM vector_centroids WHERE project_id = $1 AND namespace = $2 AND version = $3 "
                        + "ORDER BY list")
                .execute(Tuple.of(projectId, namespace, version))
                .map(rows -> {
                    List<float[]> centroids = new ArrayList<>(rows.rowCount());
                    int expected = 0;
                    for (Row row : rows) {
                        if (row.getInteger("list") != expected++) {
                            return Optional.<CoarseLists>empty();
                        }
                        centroids.add(Float32Bytes.decode(row.getBuffer("centroid").getBytes()));
                    }
                    return centroids.isEmpty() ? Optional.<CoarseLists>empty()
                            : Optional.of(new CoarseLists(centroids.toArray(float[][]::new)));
                });
    }

    /**
     * The namespace's current version and, when {@code countAll}, how many vectors it holds (else -1), how
     * many code rows are assigned under another version, what its packs hold, and how many rows were written since
     * (counted up to {@code tailLimit}).
     */
    public Uni<Optional<IndexState>> state(SqlConnection tx, UUID projectId, String namespace, boolean countAll, long tailLimit) {
        return tx.preparedQuery("SELECT n.ivf_version, n.ivf_lists, n.ivf_trained_count, "
                        + "CASE WHEN $3 THEN (SELECT count(*) FROM vector_codes c WHERE c.project_id = n.project_id AND c.namespace = n.namespace) "
                        + "ELSE -1 END AS vectors, "
                        + "(SELECT count(*) FROM vector_codes c WHERE c.project_id = n.project_id AND c.namespace = n.namespace "
                        + "AND (c.list_version < n.ivf_version OR c.list_version > n.ivf_version)) AS stale, "
                        + "n.ivf_packed_version, n.ivf_packed_through, (SELECT count(*) FROM (SELECT 1 FROM vector_codes c "
                        + "WHERE c.project_id = n.project_id AND c.namespace = n.namespace AND c.written > n.ivf_packed_through LIMIT $4) t) AS tail "
                        + "FROM namespaces n WHERE n.project_id = $1 AND n.namespace = $2")
                .execute(Tuple.of(projectId, namespace, countAll, tailLimit))
                .map(rows -> {
                    if (rows.rowCount() == 0) {
                        return Optional.empty();
                    }
                    Row row = rows.iterator().next();
                    return Optional.of(new IndexState(row.getInteger("ivf_version"), row.getInteger("ivf_lists"),
                            row.getLong("ivf_trained_count"), row.getLong("vectors"), row.getLong("stale"),
                            row.getInteger("ivf_packed_version"), row.getLong("ivf_packed_through"), row.getLong("tail")));
                });
    }

    /** Up to {@code size} of the namespace's vectors drawn at random: the ids first, then only those vectors, by primary key. */
    public Uni<List<float[]>> sample(SqlConnection tx, UUID projectId, String namespace, int size) {
        return tx.preparedQuery("SELECT c.id FROM vector_codes c WHERE c.project_id = $1 AND c.namespace = $2 ORDER BY random() LIMIT $3")
                .execute(Tuple.of(projectId, namespace, size))
                .chain(ids -> {
                    List<String> drawn = new ArrayList<>(ids.rowCount());
                    ids.forEach(row -> drawn.add(row.getString("id")));
                    return tx.preparedQuery("SELECT embedding FROM vectors WHERE project_id = $1 AND id = ANY($2)")
                            .execute(Tuple.of(projectId, drawn.toArray(String[]::new)));
                })
                .map(rows -> {
                    List<float[]> out = new ArrayList<>(rows.rowCount());
                    rows.forEach(row -> out.add(Float32Bytes.decode(row.getBuffer("embedding").getBytes())));
                    return out;
                });
    }

    /**
     * Stores {@code lists} as the namespace's next version and makes it current, retiring every other version's
     * centroids, if the namespace is still at {@code expectedVersion} (else nothing: another replica got there
     * first). The namespace row is locked (FOR NO KEY UPDATE, which vector inserts' foreign key checks do not wait
     * for) so two trainings cannot both advance it. Returns the new version.
     */
    public Uni<Optional<Integer>> install(SqlConnection tx, UUID projectId, String namespace, int expectedVersion, CoarseLists lists,
                                         long trainedCount) {
        return tx.preparedQuery("SELECT n.ivf_version, (SELECT coalesce(max(version), 0) FROM vector_centroids v "
                        + "WHERE v.project_id = n.project_id AND v.namespace = n.namespace) AS newest "
                        + "FROM namespaces n WHERE n.project_id = $1 AND n.namespace = $2 FOR NO KEY UPDATE OF n")
                .execute(Tuple.of(projectId, namespace))
                .chain(rows -> {
                    if (rows.rowCount() == 0) {
                        return Uni.createFrom().item(Optional.<Integer>empty());
                    }
                    Row row = rows.iterator().next();
                    if (row.getInteger("ivf_version") != expectedVersion) {
                        return Uni.createFrom().item(Optional.<Integer>empty());
                    }
                    int version = Math.max(expectedVersion, row.getInteger("newest")) + 1;
                    List<Tuple> centroids = new ArrayList<>(lists.size());
                    for (int i = 0; i < lists.size(); i++) {
                        centroids.add(Tuple.of(projectId, namespace, version, i, io.vertx.core.buffer.Buffer.buffer(lists.bytes(i))));
                    }
                    return tx.preparedQuery("INSERT INTO vector_centroids (project_id, namespace, version, list, centroid) "
                                    + "VALUES ($1, $2, $3, $4, $5)").executeBatch(centroids)
                            .chain(() -> tx.preparedQuery("UPDATE namespaces SET ivf_version = $3, ivf_lists = $4, ivf_trained_count = $5 "
                                    + "WHERE project_id = $1 AND namespace = $2").execute(Tuple.of(projectId, namespace, version, lists.size(), trainedCount)))
                            .chain(() -> tx.preparedQuery("DELETE FROM vector_centroids WHERE project_id = $1 AND namespace = $2 AND version <> $3")
                                    .execute(Tuple.of(projectId, namespace, version)))
                            .map(done -> Optional.of(version));
                });
    }

    /**
     * Up to {@code limit} code rows of the namespace assigned under another version than {@code version}, with their
     * vectors. Two statements, the second by primary key: joined in one, a planner without statistics yet (right
     * after a bulk load, when maintenance runs) may scan the whole project's vectors once per code row.
     */
    public Uni<List<StaleRow>> stale(SqlConnection tx, UUID projectId, String namespace, int version, int limit) {
        return tx.preparedQuery("SELECT c.id, c.xmin::text AS revision FROM vector_codes c "
                        + "WHERE c.project_id = $1 AND c.namespace = $2 AND (c.list_version < $3 OR c.list_version > $3) LIMIT $4")
                .execute(Tuple.of(projectId, namespace, version, limit))
                .chain(codes -> {
                    if (codes.rowCount() == 0) {
                        return Uni.createFrom().item(List.<StaleRow>of());
                    }
                    Map<String, String> revisions = new HashMap<>();
                    codes.forEach(row -> revisions.put(row.getString("id"), row.getString("revision")));
                    return tx.preparedQuery("SELECT id, embedding FROM vectors WHERE project_id = $1 AND id = ANY($2)")
                            .execute(Tuple.of(projectId, revisions.keySet().toArray(String[]::new)))
                            .map(rows -> {
                                List<StaleRow> out = new ArrayList<>(rows.rowCount());
                                rows.forEach(row -> out.add(new StaleRow(row.getString("id"), revisions.get(row.getString("id")),
                                        Float32Bytes.decode(row.getBuffer("embedding").getBytes()))));
                                return out;
                            });
                });
    }

    /**
     * Assigns each row its two lists of {@code version}, unless the row changed since it was read (its {@code xmin},
     * the revision, differs: a concurrent upsert wrote it, with its own assignment, or moved it to another namespace), so a
     * reassignment never overwrites a newer vector's list with one computed from its old vector. Returns how many
     * rows were reassigned.
     */
    public Uni<Integer> reassign(SqlConnection tx, UUID projectId, int version, List<StaleRow> rows, int[][] lists) {
        if (rows.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        List<Tuple> updates = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            updates.add(Tuple.of(projectId, rows.get(i).id(), version, lists[i][0], lists[i][1], rows.get(i).revision()));
        }
        // By primary key only (a namespace condition could lead a planner without statistics yet to the lists'
        // index, reading the whole namespace per row); a row moved to another namespace has another xmin anyway.
        // A new write number: the row leaves the packs of its old lists for the tail until the next packing.
        return tx.preparedQuery("UPDATE vector_codes SET list_version = $3, list = $4, list2 = $5, written = vector_codes_next_written() "
                        + "WHERE project_id = $1 AND id = $2 AND xmin::text = $6")
                .executeBatch(updates)
                .map(result -> {
                    int changed = 0;
                    for (io.vertx.mutiny.sqlclient.RowSet<Row> r = result; r != null; r = r.next()) {
                        changed += r.rowCount();
                    }
                    return changed;
                });
    }

    // ------------------------------------------------------------------------------------------
    // Packed lists (V4__vector_list_packs.sql)
    // ------------------------------------------------------------------------------------------

    /** A packing's write number, and the transaction ids that must all have finished before its rows can be read. */
    public record PackWatermark(long through, String xmax) {
    }

    /**
     * The namespace's highest write number visible now, and this snapshot's xmax. A row with a number at most that
     * one which is not visible yet belongs to a transaction still running, which drew its number holding a transaction
     * id (vector_codes_next_written), so below xmax: once every id below xmax has finished ({@link #finishedBefore}),
     * every such row is committed or gone, and the packing reads them all.
     */
    public Uni<PackWatermark> packWatermark(SqlConnection tx, UUID projectId, String namespace) {
        return tx.preparedQuery("SELECT coalesce((SELECT max(written) FROM vector_codes WHERE project_id = $1 AND namespace = $2), 0) AS through, "
                        + "pg_snapshot_xmax(pg_current_snapshot())::text AS xmax")
                .execute(Tuple.of(projectId, namespace))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new PackWatermark(row.getLong("through"), row.getString("xmax"));
                });
    }

    /** Whether every transaction id below {@code xmax} has finished (committed or aborted). */
    public Uni<Boolean> finishedBefore(SqlConnection tx, String xmax) {
        return tx.preparedQuery("SELECT pg_snapshot_xmin(pg_current_snapshot()) >= $1::text::xid8 AS done")
                .execute(Tuple.of(xmax)).map(rows -> rows.iterator().next().getBoolean("done"));
    }

    /**
     * Writes the packs of lists {@code from..to} of {@code version}: each list's rows (nearest or second nearest list)
     * of write number at most {@code through}, in id order, each id as its UTF-8 length (two bytes) and bytes, and their
     * codes' bytes in the same order (the layout PackedCodes reads). Returns how many
     * lists had rows (and so a pack).
     */
    public Uni<Integer> pack(SqlConnection tx, UUID projectId, String namespace, int version, long through, int from, int to) {
        return tx.preparedQuery("INSERT INTO vector_list_packs (project_id, namespace, packed_through, list, entries, ids, codes) "
                        + "SELECT $1, $2, $4, e.l, count(*), string_agg(int2send(octet_length(convert_to(e.id, 'UTF8'))::int2) "
                        + "|| convert_to(e.id, 'UTF8'), ''::bytea ORDER BY e.id), string_agg(substr(varbit_send(e.code), 5), ''::bytea ORDER BY e.id) "
                        + "FROM (SELECT c.list AS l, c.id, c.code FROM vector_codes c WHERE c.project_id = $1 AND c.namespace = $2 "
                        + "AND c.list_version = $3 AND c.list BETWEEN $5 AND $6 AND c.written <= $4 "
                        + "UNION ALL SELECT c.list2, c.id, c.code FROM vector_codes c WHERE c.project_id = $1 AND c.namespace = $2 "
                        + "AND c.list_version = $3 AND c.list2 BETWEEN $5 AND $6 AND c.list2 <> c.list AND c.written <= $4) e GROUP BY e.l")
                .execute(Tuple.of(projectId, namespace, version, through, from, to))
                .map(rows -> rows.rowCount());
    }

    /**
     * Makes the packing through {@code through} the namespace's, if it is still at {@code version}, its packs are all
     * there ({@code lists} of them: a concurrent packing of another replica may have retired some) and they are newer
     * than its current ones; retires every packing but this one and the one it replaces (a search that read the
     * namespace just before may still read that). Otherwise retires this packing. Returns whether it was published.
     */
    public Uni<Boolean> publishPacks(SqlConnection tx, UUID projectId, String namespace, int version, long through, int lists) {
        return tx.preparedQuery("SELECT n.ivf_version, n.ivf_packed_through, (SELECT count(*) FROM vector_list_packs p "
                        + "WHERE p.project_id = n.project_id AND p.namespace = n.namespace AND p.packed_through = $3) AS packs "
                        + "FROM namespaces n WHERE n.project_id = $1 AND n.namespace = $2 FOR NO KEY UPDATE OF n")
                .execute(Tuple.of(projectId, namespace, through))
                .chain(rows -> {
                    Row row = rows.rowCount() == 0 ? null : rows.iterator().next();
                    boolean publish = row != null && row.getInteger("ivf_version") == version && row.getLong("packs") == lists
                            && row.getLong("ivf_packed_through") < through;
                    if (!publish) {
                        return tx.preparedQuery("DELETE FROM vector_list_packs WHERE project_id = $1 AND namespace = $2 AND packed_through = $3")
                                .execute(Tuple.of(projectId, namespace, through)).replaceWith(false);
                    }
                    long previous = row.getLong("ivf_packed_through");
                    return tx.preparedQuery("UPDATE namespaces SET ivf_packed_version = $3, ivf_packed_through = $4 WHERE project_id = $1 AND namespace = $2")
                            .execute(Tuple.of(projectId, namespace, version, through))
                            .chain(() -> tx.preparedQuery("DELETE FROM vector_list_packs WHERE project_id = $1 AND namespace = $2 "
                                    + "AND packed_through <> $3 AND packed_through <> $4").execute(Tuple.of(projectId, namespace, through, previous)))
                            .replaceWith(true);
                });
    }
}
