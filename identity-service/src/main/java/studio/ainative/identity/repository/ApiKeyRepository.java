package studio.ainative.identity.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import studio.ainative.identity.ApiKey;

@ApplicationScoped
public class ApiKeyRepository {

    private static final String COLUMNS = "id, project_id, name, prefix, created_at, revoked_at, last_used_at";

    private final Pool pool;

    public ApiKeyRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<ApiKey> insert(SqlClient tx, UUID id, UUID projectId, String name, String prefix, byte[] keyHash) {
        return tx.preparedQuery("INSERT INTO api_keys (id, project_id, name, prefix, key_hash) VALUES ($1, $2, $3, $4, $5) "
                        + "RETURNING " + COLUMNS)
                .execute(Tuple.of(id, projectId, name, prefix, io.vertx.core.buffer.Buffer.buffer(keyHash)))
                .map(rows -> map(rows.iterator().next()));
    }

    /** The unrevoked key with this hash, or null. */
    public Uni<ApiKey> findActiveByHash(byte[] keyHash) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL")
                .execute(Tuple.of(io.vertx.core.buffer.Buffer.buffer(keyHash)))
                .map(rows -> rows.rowCount() == 0 ? null : map(rows.iterator().next()));
    }

    public Uni<List<ApiKey>> list(UUID projectId) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM api_keys WHERE project_id = $1 ORDER BY created_at, id")
                .execute(Tuple.of(projectId))
                .map(rows -> {
                    List<ApiKey> out = new ArrayList<>(rows.rowCount());
                    rows.forEach(r -> out.add(map(r)));
                    return out;
                });
    }

    /** Revokes the key if it belongs to the project and is still active; true when a row changed. */
    public Uni<Boolean> revoke(SqlClient tx, UUID projectId, UUID id) {
        return tx.preparedQuery("UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND project_id = $2 AND revoked_at IS NULL")
                .execute(Tuple.of(id, projectId))
                .map(rows -> rows.rowCount() == 1);
    }

    private static ApiKey map(Row r) {
        return new ApiKey(r.getUUID("id"), r.getUUID("project_id"), r.getString("name"), r.getString("prefix"),
                r.getOffsetDateTime("created_at"), r.getOffsetDateTime("revoked_at"), r.getOffsetDateTime("last_used_at"));
    }
}
