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

    /** platform-auth's RlsMode has no owner_write yet; the helper applies "user" and this narrows it to owner_write. */
    static final String OWNER_WRITE = "SELECT set_config('app.rls_mode', 'owner_write', true)";

    private final Pool pool;

    public ZerodbTransactions(Pool pool) {
        this.pool = pool;
    }

    /** Work as the caller; committed when its {@code Uni} succeeds, rolled back when it fails. */
    public <T> Uni<T> run(Access access, Function<SqlConnection, Uni<T>> work) {
        if (access.mode() == AccessMode.OWNER_WRITE) {
            return RlsTransactions.withRls(pool, access.rlsContext(),
                    connection -> connection.query(OWNER_WRITE).execute().chain(() -> work.apply(connection)));
        }
        return RlsTransactions.withRls(pool, access.rlsContext(), work);
    }

    /** Reads of project-level settings before the caller's own mode is known (no end user, read-only use). */
    public <T> Uni<T> runForProject(UUID projectId, Function<SqlConnection, Uni<T>> work) {
        return RlsTransactions.withRls(pool, new RlsContext(projectId, "", RlsMode.PROJECT), work);
    }
}
