package studio.ainative.zerodb.security;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import java.util.function.Function;
import studio.ainative.platform.auth.rls.RlsContext;
import studio.ainative.platform.auth.rls.RlsMode;
import studio.ainative.platform.auth.rls.RlsTransactions;

/**
 * The only way this service touches the database: every unit of work runs in one transaction through
 * platform-auth's {@link RlsTransactions}, which first sets {@code app.project_id}, {@code app.user_id}
 * and {@code app.rls_mode}; PostgreSQL's policies do the rest.
 */
@ApplicationScoped
public class ZerodbTransactions {

    private final Pool pool;

    public ZerodbTransactions(Pool pool) {
        this.pool = pool;
    }

    /** Work as the caller; committed when its {@code Uni} succeeds, rolled back when it fails. */
    public <T> Uni<T> run(Access access, Function<SqlConnection, Uni<T>> work) {
        return RlsTransactions.withRls(pool, access.rlsContext(), work);
    }

    /** Reads of project-level settings before the caller's own mode is known (no end user, read-only use). */
    public <T> Uni<T> runForProject(UUID projectId, Function<SqlConnection, Uni<T>> work) {
        return RlsTransactions.withRls(pool, new RlsContext(projectId, "", RlsMode.PROJECT), work);
    }
}
