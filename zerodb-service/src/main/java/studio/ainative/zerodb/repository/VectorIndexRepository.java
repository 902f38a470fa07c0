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
    public record IndexState(int version, int lists, long trainedCount, long vectors, long stale) {
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
     * The namespace's current version and, when {@code countAll}, how many vectors it holds (else -1), and how
     * many code rows are assigned under another version.
     */
    public Uni<Optional<IndexState>> state(SqlConnection tx, UUID projectId, String namespace, boolean countAll) {
        return tx.preparedQuery("SELECT n.ivf_version, n.ivf_lists, n.ivf_trained_count, "
                        + "CASE WHEN $3 THEN (SELECT count(*) FROM vector_codes c WHERE c.project_id = n.project_id AND c.namespace = n.namespace) "
                        + "ELSE -1 END AS vectors, "
                        + "(SELECT count(*) FROM vector_codes c WHERE c.project_id = n.project_id AND c.namespace = n.namespace "
                        + "AND (c.list_version < n.ivf_version OR c.list_version > n.ivf_version)) AS stale "
                        + "FROM namespaces n WHERE n.project_id = $1 AND n.namespace = $2")
                .execute(Tuple.of(projectId, namespace, countAll))
                .map(rows -> {
                    if (rows.rowCount() == 0) {
                        return Optional.empty();
                    }
                    Row row = rows.iterator().next();
                    return Optional.of(new IndexState(row.getInteger("ivf_version"), row.getInteger("ivf_lists"),
                            row.getLong("ivf_trained_count"), row.getLong("vectors"), row.getLong("stale")));
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
        return tx.preparedQuery("UPDATE vector_codes SET list_version = $3, list = $4, list2 = $5 "
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
}
