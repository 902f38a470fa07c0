package studio.ainative.zerodb.security;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import studio.ainative.platform.auth.rls.RlsContext;
import studio.ainative.platform.auth.rls.RlsMode;
import studio.ainative.platform.auth.rls.RlsTransactions;

/**
 * The only way this service touches the database: every unit of work runs in one transaction through
 * platform-auth's {@link RlsTransactions}, which first sets {@code app.project_id}, {@code app.user_id}
 * and {@code app.rls_mode}; PostgreSQL's policies do the rest.
 *
 * <p>A search may also run part of its scan beside its own transaction, on a connection of the small {@code search}
 * pool ({@link #beside}), so two PostgreSQL backends scan at once. That pool is separate so a request holding a
 * connection of the main pool never waits for another of the same pool (many such requests could each hold one and
 * wait for a second, forever); and its connections are only taken when one is free at once, so it never waits at all.
 */
@ApplicationScoped
public class ZerodbTransactions {

    private final Pool pool;
    private final Pool side;
    /** The side pool's free connections, as far as this class hands them out: never more than its size in use. */
    private final Semaphore sideFree;
    private final Counter besideRun;
    private final Counter besideBusy;

    public ZerodbTransactions(Pool pool, @ReactiveDataSource("search") Pool side,
                              @ConfigProperty(name = "quarkus.datasource.search.reactive.max-size") int sideSize, MeterRegistry metrics) {
        this.pool = pool;
        this.side = side;
        this.sideFree = new Semaphore(sideSize);
        this.besideRun = metrics.counter("zerodb.search.side.scans", "outcome", "beside");
        this.besideBusy = metrics.counter("zerodb.search.side.scans", "outcome", "pool_busy");
    }

    /** Work as the caller; committed when its {@code Uni} succeeds, rolled back when it fails. */
    public <T> Uni<T> run(Access access, Function<SqlConnection, Uni<T>> work) {
        return RlsTransactions.withRls(pool, access.rlsContext(), work);
    }

    /**
     * Read-only work as the caller in a transaction of its own on a free connection of the search pool, under the same
     * RLS settings as {@link #run}; when none is free at the moment of subscription, {@code otherwise} (what the caller
     * does without it: a search scans its lists in one statement on its own connection). Its snapshot is its own, as a
     * second statement's is under READ COMMITTED.
     */
    public <T> Uni<T> beside(Access access, Function<SqlConnection, Uni<T>> work, Supplier<Uni<T>> otherwise) {
        return Uni.createFrom().deferred(() -> {
            if (!sideFree.tryAcquire()) {
                besideBusy.increment();
                return otherwise.get();
            }
            besideRun.increment();
            try {
                return RlsTransactions.withRls(side, access.rlsContext(), work).onTermination().invoke(sideFree::release);
            } catch (RuntimeException e) {
                sideFree.release(); // not even started: the connection was never taken
                throw e;
            }
        });
    }

    /** Reads of project-level settings before the caller's own mode is known (no end user, read-only use). */
    public <T> Uni<T> runForProject(UUID projectId, Function<SqlConnection, Uni<T>> work) {
        return RlsTransactions.withRls(pool, new RlsContext(projectId, "", RlsMode.PROJECT), work);
    }
}
