package studio.ainative.zerodb.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import studio.ainative.platform.auth.rls.RlsMode;
import studio.ainative.platform.testing.IdentityServiceResource;
import studio.ainative.zerodb.fixtures.HeldSideConnections;

/**
 * The search pool beside a request's own transaction: the same RLS settings on another backend, and never a wait for
 * one of its connections (taken only when free at once, else the work runs on the caller's connection).
 */
@QuarkusTest
@QuarkusTestResource(IdentityServiceResource.class)
class SideConnectionsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    ZerodbTransactions transactions;

    @Inject
    MeterRegistry meters;

    @ConfigProperty(name = "quarkus.datasource.search.reactive.max-size")
    int sideSize;

    private record Seen(String project, String user, String mode, int backend) {
    }

    private static Uni<Seen> seen(SqlConnection tx) {
        return tx.query("SELECT current_setting('app.project_id', true) AS p, current_setting('app.user_id', true) AS u, "
                + "current_setting('app.rls_mode', true) AS m, pg_backend_pid() AS pid").execute().map(rows -> {
                    Row row = rows.iterator().next();
                    return new Seen(row.getString("p"), row.getString("u"), row.getString("m"), row.getInteger("pid"));
                });
    }

    @Test
    void aSideTransactionRunsUnderTheCallersRlsSettingsOnAnotherBackend() {
        Access access = new Access(UUID.randomUUID(), "user-side", RlsMode.USER, false);
        List<Seen> both = transactions.run(access, tx -> seen(tx).chain(mine -> transactions.beside(access, side -> seen(side),
                () -> Uni.createFrom().failure(new AssertionError("a side connection was free"))).map(other -> List.of(mine, other))))
                .await().atMost(WAIT);
        Seen mine = both.get(0);
        Seen beside = both.get(1);
        assertEquals(access.projectId().toString(), beside.project());
        assertEquals("user-side", beside.user());
        assertEquals("user", beside.mode());
        assertEquals(mine.project() + mine.user() + mine.mode(), beside.project() + beside.user() + beside.mode());
        assertNotEquals(mine.backend(), beside.backend(), "another PostgreSQL backend");
    }

    @Test
    void withEverySideConnectionTakenTheWorkRunsOnTheCallersOwnAndTheyComeBack() {
        Access access = new Access(UUID.randomUUID(), "api_key:side", RlsMode.PROJECT, true);
        double busy = busy();
        try (HeldSideConnections held = new HeldSideConnections(transactions, access, sideSize)) {
            String whileTaken = transactions.beside(access, side -> Uni.createFrom().item("beside"), () -> Uni.createFrom().item("own"))
                    .await().atMost(WAIT);
            assertEquals("own", whileTaken, "no side connection was free: the caller's own runs it, without waiting");
            assertEquals(busy + 1, busy());
        }
        assertEquals("beside", transactions.beside(access, side -> Uni.createFrom().item("beside"), () -> Uni.createFrom().item("own"))
                .await().atMost(WAIT), "every side connection is free again");
    }

    private double busy() {
        return meters.counter("zerodb.search.side.scans", "outcome", "pool_busy").count();
    }
}
