package studio.ainative.platform.auth.rls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.vertx.RunOnVertxContext;
import io.quarkus.test.vertx.UniAsserter;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import studio.ainative.platform.auth.fixtures.RlsDatabase;
import studio.ainative.platform.auth.fixtures.RlsDatabaseResource;

/** The Hibernate Reactive Panache variant: entity queries and writes under the same policies. */
@QuarkusTest
@WithTestResource(RlsDatabaseResource.class)
class PanacheRlsTransactionsTest {

    private static final UUID PROJECT = UUID.randomUUID();
    private static final int TRANSACTIONS = 20;

    @Inject
    Mutiny.SessionFactory sessions;

    @BeforeAll
    static void seed() {
        Vertx vertx = Vertx.vertx();
        Pool admin = RlsDatabase.pool(vertx, "postgres", "", 1);
        try {
            for (String owner : new String[] {"erin", "frank"}) {
                admin.preparedQuery("INSERT INTO notes (id, project_id, owner_id, body) VALUES ($1, $2, $3, $4)")
                        .execute(Tuple.of(UUID.randomUUID(), PROJECT, owner, owner + "'s note")).await().atMost(Duration.ofSeconds(10));
            }
        } finally {
            admin.closeAndAwait();
            vertx.closeAndAwait();
        }
    }

    private static List<String> bodies(List<Note> notes) {
        return notes.stream().map(n -> n.body).sorted().toList();
    }

    @Test
    @RunOnVertxContext
    void entityQueriesSeeOnlyTheEndUsersOwnRows(UniAsserter asserter) {
        asserter.assertThat(() -> RlsTransactions.withRls(new RlsContext(PROJECT, "erin", RlsMode.USER), () -> Note.<Note>listAll()),
                notes -> assertEquals(List.of("erin's note"), bodies(notes)));
    }

    @Test
    @RunOnVertxContext
    void entityQueriesSeeTheWholeProjectInProjectMode(UniAsserter asserter) {
        asserter.assertThat(() -> RlsTransactions.withRls(new RlsContext(PROJECT, "", RlsMode.PROJECT), () -> Note.<Note>listAll()),
                notes -> assertEquals(List.of("erin's note", "frank's note"), bodies(notes)));
    }

    @Test
    @RunOnVertxContext
    void entityQueriesSeeTheWholeProjectInOwnerWriteMode(UniAsserter asserter) {
        asserter.assertThat(() -> RlsTransactions.withRls(new RlsContext(PROJECT, "erin", RlsMode.OWNER_WRITE), () -> Note.<Note>listAll()),
                notes -> assertEquals(List.of("erin's note", "frank's note"), bodies(notes)));
    }

    @Test
    @RunOnVertxContext
    void persistingARowOwnedByAnotherUserIsRefusedInOwnerWriteMode(UniAsserter asserter) {
        assertErinCannotPersistFranksRow(asserter, RlsMode.OWNER_WRITE);
    }

    @Test
    @RunOnVertxContext
    void transactionWithoutTheHelperSeesNoRows(UniAsserter asserter) {
        asserter.assertThat(() -> Panache.withTransaction(() -> Note.<Note>listAll()), notes -> assertEquals(List.of(), notes));
    }

    @Test
    @RunOnVertxContext
    void persistingARowOwnedByAnotherUserIsRefused(UniAsserter asserter) {
        assertErinCannotPersistFranksRow(asserter, RlsMode.USER);
    }

    @Test
    @RunOnVertxContext
    void applyingTheSettingsAddsNoQueryPlanPerTransaction(UniAsserter asserter) {
        // A plan cached by every transaction and never found again fills Hibernate's plan cache, and each lookup
        // then compares its key with every plan of the same SQL: the cost of a usage write grew with the cache.
        Statistics statistics = sessions.getStatistics();
        long[] missesBefore = new long[1];
        asserter.execute(() -> missesBefore[0] = statistics.getQueryPlanCacheMissCount());
        for (int i = 0; i < TRANSACTIONS; i++) {
            asserter.assertThat(() -> RlsTransactions.withRls(new RlsContext(PROJECT, "erin", RlsMode.USER), () -> Note.<Note>listAll()),
                    notes -> assertEquals(List.of("erin's note"), bodies(notes)));
        }
        // The entity query's plan is the only one a first run may add.
        asserter.execute(() -> assertTrue(statistics.getQueryPlanCacheMissCount() - missesBefore[0] <= 1,
                (statistics.getQueryPlanCacheMissCount() - missesBefore[0]) + " query plans missed for " + TRANSACTIONS + " transactions"));
    }

    private static void assertErinCannotPersistFranksRow(UniAsserter asserter, RlsMode mode) {
        asserter.assertFailedWith(() -> RlsTransactions.withRls(new RlsContext(PROJECT, "erin", mode),
                        () -> Note.of(PROJECT, "frank", "written by erin").persistAndFlush()),
                failure -> assertTrue(String.valueOf(failure.getMessage()).contains("row-level security"), failure.toString()));
    }
}
