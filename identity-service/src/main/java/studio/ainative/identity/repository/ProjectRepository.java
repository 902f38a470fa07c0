package studio.ainative.identity.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import studio.ainative.identity.Project;

@ApplicationScoped
public class ProjectRepository {

    public Uni<Project> insert(SqlClient tx, UUID id, String name) {
        return tx.preparedQuery("INSERT INTO projects (id, name) VALUES ($1, $2) RETURNING id, name, created_at")
                .execute(Tuple.of(id, name))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new Project(r.getUUID("id"), r.getString("name"), r.getOffsetDateTime("created_at"));
                });
    }
}
