package studio.ainative.identity.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.UUID;

/** Append-only audit trail; written in the same transaction as the change it records. */
@ApplicationScoped
public class AuditRepository {

    public Uni<Void> append(SqlClient tx, UUID projectId, String actor, String action, String targetType, String targetId,
                            Map<String, Object> details) {
        return tx.preparedQuery("INSERT INTO audit_log (project_id, actor, action, target_type, target_id, details) "
                        + "VALUES ($1, $2, $3, $4, $5, $6)")
                .execute(Tuple.of(projectId, actor, action, targetType, targetId, new JsonObject(details)))
                .replaceWithVoid();
    }
}
