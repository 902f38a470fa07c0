package studio.ainative.platform.auth.rls;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs a unit of work in one transaction that first sets {@code app.project_id}, {@code app.user_id}
 * and {@code app.rls_mode} with {@code set_config(..., true)}: transaction-local, so they are gone when
 * the connection returns to the pool, and policies reading them with {@code current_setting(..., true)}
 * see nothing outside such a transaction (fail closed).
 */
public final class RlsTransactions {

    static final String APPLY = "SELECT set_config('app.project_id', $1, true), set_config('app.user_id', $2, true), "
            + "set_config('app.rls_mode', $3, true)";

    private RlsTransactions() {
    }

    /** Work on a Vert.x pool connection; committed when its {@code Uni} succeeds, rolled back when it fails. */
    public static <T> Uni<T> withRls(Pool pool, RlsContext context, Function<SqlConnection, Uni<T>> work) {
        return pool.withTransaction(connection -> connection.preparedQuery(APPLY)
                .execute(Tuple.of(context.projectId().toString(), context.userId(), context.mode().setting()))
                .chain(() -> work.apply(connection)));
    }

    /**
     * Work through Hibernate Reactive Panache (entities, repositories) in one Panache transaction. Needs
     * {@code quarkus-hibernate-reactive-panache}, an optional dependency of this library; the Hibernate
     * types live in {@link PanacheRls} so services on the plain Vert.x pool never load them.
     */
    public static <T> Uni<T> withRls(RlsContext context, Supplier<Uni<T>> work) {
        return PanacheRls.withRls(context, work);
    }
}
