package studio.ainative.platform.auth.rls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import studio.ainative.platform.auth.fixtures.RlsDatabase;

/** The Vert.x pool variant against real PostgreSQL policies, as the non-owner, non-BYPASSRLS runtime role. */
class RlsTransactionsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final UUID PROJECT_A = UUID.randomUUID();
    private static final UUID PROJECT_B = UUID.randomUUID();

    private static Vertx vertx;
    /** One connection, so consecutive transactions are known to share it. */
    private static Pool app;

    @BeforeAll
    static void seed() {
        RlsDatabase.ensure();
        vertx = Vertx.vertx();
        app = RlsDatabase.pool(vertx, RlsDatabase.APP_ROLE, RlsDatabase.APP_PASSWORD, 1);
        // Seeded as the superuser, which RLS does not apply to, so seeding does not depend on the code under test.
        Pool admin = RlsDatabase.pool(vertx, "postgres", "", 1);
        try {
            for (Object[] row : new Object[][] {{PROJECT_A, "alice", "alice's note"}, {PROJECT_A, "bob", "bob's note"},
                    {PROJECT_B, "carol", "carol's note"}}) {
                admin.preparedQuery("INSERT INTO notes (id, project_id, owner_id, body) VALUES ($1, $2, $3, $4)")
                        .execute(Tuple.of(UUID.randomUUID(), row[0], row[1], row[2])).await().atMost(WAIT);
            }
        } finally {
            admin.closeAndAwait();
        }
    }

    @AfterAll
    static void close() {
        app.closeAndAwait();
        vertx.closeAndAwait();
    }

    private static Function<SqlConnection, Uni<List<String>>> bodies() {
        return connection -> connection.query("SELECT body FROM notes ORDER BY body").execute().map(rows -> {
            List<String> bodies = new ArrayList<>();
            for (Row row : rows) {
                bodies.add(row.getString("body"));
            }
            return bodies;
        });
    }

    private static Function<SqlConnection, Uni<Integer>> insert(UUID project, String owner) {
        return connection -> connection.preparedQuery("INSERT INTO notes (id, project_id, owner_id, body) VALUES ($1, $2, $3, $4)")
                .execute(Tuple.of(UUID.randomUUID(), project, owner, owner + " wrote this")).map(rows -> rows.rowCount());
    }

    private static Function<SqlConnection, Uni<Integer>> execute(String sql) {
        return connection -> connection.query(sql).execute().map(rows -> rows.rowCount());
    }

    @Test
    void everyModeIsAppliedAsItsSettingInTheSameTransaction() {
        for (RlsMode mode : RlsMode.values()) {
            Row applied = RlsTransactions.withRls(app, new RlsContext(PROJECT_A, "alice", mode),
                    connection -> connection.query("SELECT current_setting('app.rls_mode', true) AS mode, "
                            + "current_setting('app.user_id', true) AS user_id, current_setting('app.project_id', true) AS project")
                            .execute().map(rows -> rows.iterator().next())).await().atMost(WAIT);
            assertEquals(mode.setting(), applied.getString("mode"), mode.name());
            assertEquals("alice", applied.getString("user_id"), mode.name());
            assertEquals(PROJECT_A.toString(), applied.getString("project"), mode.name());
        }
        assertEquals("owner_write", RlsMode.OWNER_WRITE.setting());
    }

    @Test
    void endUserSeesOnlyTheirOwnRowsOfTheirProject() {
        List<String> seen = RlsTransactions.withRls(app, new RlsContext(PROJECT_A, "alice", RlsMode.USER), bodies())
                .await().atMost(WAIT);
        assertEquals(List.of("alice's note"), seen);
    }

    @ParameterizedTest
    @EnumSource(value = RlsMode.class, names = {"PROJECT", "OWNER_WRITE"})
    void projectAndOwnerWriteModesSeeEveryRowOfTheProjectAndNoOther(RlsMode mode) {
        List<String> seen = RlsTransactions.withRls(app, new RlsContext(PROJECT_A, "alice", mode), bodies()).await().atMost(WAIT);
        assertEquals(List.of("alice's note", "bob's note"), seen);
    }

    @Test
    void transactionWithoutSettingsSeesNoRows() {
        List<String> seen = app.withTransaction(bodies()).await().atMost(WAIT);
        assertEquals(List.of(), seen);
    }

    @Test
    void userModeWithoutAUserSeesNoRows() {
        List<String> seen = RlsTransactions.withRls(app, new RlsContext(PROJECT_A, null, RlsMode.USER), bodies())
                .await().atMost(WAIT);
        assertEquals(List.of(), seen);
    }

    @Test
    void settingsDoNotLeakIntoTheNextTransactionOnTheSamePooledConnection() {
        String backend = "SELECT pg_backend_pid() AS pid, coalesce(current_setting('app.project_id', true), '') AS project";
        Row during = RlsTransactions.withRls(app, new RlsContext(PROJECT_A, "alice", RlsMode.USER),
                connection -> connection.query(backend).execute().map(rows -> rows.iterator().next())).await().atMost(WAIT);
        Row after = app.withTransaction(connection -> connection.query(backend).execute().map(rows -> rows.iterator().next()))
                .await().atMost(WAIT);
        assertEquals(during.getInteger("pid"), after.getInteger("pid"), "the pool of one must reuse the connection");
        assertEquals(PROJECT_A.toString(), during.getString("project"));
        assertEquals("", after.getString("project"));
        assertEquals(List.of(), app.withTransaction(bodies()).await().atMost(WAIT));
    }

    @Test
    void ownerWriteChangesOnlyTheUsersOwnRows() {
        RlsContext alice = new RlsContext(PROJECT_A, "alice", RlsMode.OWNER_WRITE);
        // Another user's rows are readable but not there to update or delete.
        assertEquals(0, RlsTransactions.withRls(app, alice, execute("UPDATE notes SET body = 'hijacked' WHERE owner_id = 'bob'"))
                .await().atMost(WAIT));
        assertEquals(0, RlsTransactions.withRls(app, alice, execute("DELETE FROM notes WHERE owner_id = 'bob'")).await().atMost(WAIT));
        assertEquals(1, RlsTransactions.withRls(app, alice, execute("UPDATE notes SET body = body WHERE owner_id = 'alice'"))
                .await().atMost(WAIT));
        assertEquals(List.of("bob's note"), RlsTransactions.withRls(app, new RlsContext(PROJECT_A, "bob", RlsMode.USER), bodies())
                .await().atMost(WAIT));
    }

    @Test
    void ownerWriteWithCheckRefusesWritingOrReowningForAnotherUser() {
        RlsContext alice = new RlsContext(PROJECT_A, "alice", RlsMode.OWNER_WRITE);
        PgException refused = assertThrows(PgException.class, () -> RlsTransactions.withRls(app, alice, insert(PROJECT_A, "bob"))
                .await().atMost(WAIT));
        assertEquals("42501", refused.getSqlState());
        refused = assertThrows(PgException.class, () -> RlsTransactions.withRls(app, alice,
                execute("UPDATE notes SET owner_id = 'bob' WHERE owner_id = 'alice'")).await().atMost(WAIT));
        assertEquals("42501", refused.getSqlState());
        assertEquals(List.of("alice's note"), RlsTransactions.withRls(app, new RlsContext(PROJECT_A, "alice", RlsMode.USER), bodies())
                .await().atMost(WAIT));
    }

    @Test
    void ownerWriteInsertsTheUsersOwnRowButNotIntoAnotherProject() {
        UUID project = UUID.randomUUID();
        RlsContext erin = new RlsContext(project, "erin", RlsMode.OWNER_WRITE);
        assertEquals(1, RlsTransactions.withRls(app, erin, insert(project, "erin")).await().atMost(WAIT));
        PgException refused = assertThrows(PgException.class, () -> RlsTransactions.withRls(app, erin, insert(PROJECT_B, "erin"))
                .await().atMost(WAIT));
        assertEquals("42501", refused.getSqlState());
    }

    @Test
    void withCheckRefusesWritingARowOwnedByAnotherUser() {
        PgException refused = assertThrows(PgException.class, () -> RlsTransactions.withRls(app,
                new RlsContext(PROJECT_A, "alice", RlsMode.USER), insert(PROJECT_A, "bob")).await().atMost(WAIT));
        assertEquals("42501", refused.getSqlState());
        assertEquals(List.of("bob's note"), RlsTransactions.withRls(app, new RlsContext(PROJECT_A, "bob", RlsMode.USER), bodies())
                .await().atMost(WAIT));
    }

    @Test
    void withCheckRefusesWritingIntoAnotherProjectEvenProjectWide() {
        PgException refused = assertThrows(PgException.class, () -> RlsTransactions.withRls(app,
                new RlsContext(PROJECT_A, "", RlsMode.PROJECT), insert(PROJECT_B, "mallory")).await().atMost(WAIT));
        assertEquals("42501", refused.getSqlState());
    }

    @Test
    void userWritesTheirOwnRowAndAFailedUnitOfWorkLeavesNothing() {
        UUID project = UUID.randomUUID();
        RlsContext dave = new RlsContext(project, "dave", RlsMode.USER);
        assertEquals(1, RlsTransactions.withRls(app, dave, insert(project, "dave")).await().atMost(WAIT));
        assertThrows(IllegalStateException.class, () -> RlsTransactions.withRls(app, dave,
                insert(project, "dave").andThen(written -> written.chain(() -> Uni.createFrom().<Integer>failure(
                        new IllegalStateException("work failed after writing"))))).await().atMost(WAIT));
        List<String> seen = RlsTransactions.withRls(app, dave, bodies()).await().atMost(WAIT);
        assertEquals(1, seen.size());
        assertTrue(seen.get(0).startsWith("dave"));
    }
}
