package studio.ainative.zerodb.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;
import studio.ainative.zerodb.RlsPolicy;
import studio.ainative.zerodb.RlsSetting;

@ApplicationScoped
public class RlsSettingsRepository {

    public Uni<Optional<RlsSetting>> find(SqlConnection tx, UUID projectId) {
        return tx.preparedQuery("SELECT project_id, enabled, user_id_claim, policy, updated_at FROM rls_settings WHERE project_id = $1")
                .execute(Tuple.of(projectId))
                .map(rows -> {
                    RowIterator<Row> it = rows.iterator();
                    return it.hasNext() ? Optional.of(setting(it.next())) : Optional.empty();
                });
    }

    public Uni<RlsSetting> save(SqlConnection tx, UUID projectId, boolean enabled, String userIdClaim, RlsPolicy policy) {
        return tx.preparedQuery("INSERT INTO rls_settings (project_id, enabled, user_id_claim, policy) VALUES ($1, $2, $3, $4) "
                        + "ON CONFLICT (project_id) DO UPDATE SET enabled = EXCLUDED.enabled, user_id_claim = EXCLUDED.user_id_claim, "
                        + "policy = EXCLUDED.policy, updated_at = now() "
                        + "RETURNING project_id, enabled, user_id_claim, policy, updated_at")
                .execute(Tuple.of(projectId, enabled, userIdClaim, policy.value()))
                .map(rows -> setting(rows.iterator().next()));
    }

    private static RlsSetting setting(Row row) {
        return new RlsSetting(row.getUUID("project_id"), row.getBoolean("enabled"), row.getString("user_id_claim"),
                RlsPolicy.of(row.getString("policy")).orElseThrow(), row.getOffsetDateTime("updated_at"));
    }
}
