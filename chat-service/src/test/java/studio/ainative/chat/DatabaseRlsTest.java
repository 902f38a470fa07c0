package studio.ainative.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import studio.ainative.chat.fixtures.ChatStackResource;
import studio.ainative.platform.auth.rls.RlsContext;
import studio.ainative.platform.auth.rls.RlsMode;
import studio.ainative.platform.auth.rls.RlsTransactions;
import studio.ainative.platform.testing.IdentityServiceResource;

/** PostgreSQL itself keeps usage records apart: the runtime role is neither owner nor BYPASSRLS. */
@QuarkusTest
@QuarkusTestResource(IdentityServiceResource.class)
@QuarkusTestResource(ChatStackResource.class)
class DatabaseRlsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    Pool pool;

    @Test
    void theRuntimeRoleCannotOwnNorBypass() {
        Row role = pool.query("SELECT rolsuper, rolbypassrls, (SELECT tableowner FROM pg_tables WHERE tablename = 'usage_records') AS owner, "
                + "current_user FROM pg_roles WHERE rolname = current_user").execute().await().atMost(WAIT).iterator().next();
        assertFalse(role.getBoolean("rolsuper"));
        assertFalse(role.getBoolean("rolbypassrls"));
        assertFalse(role.getString("owner").equals(role.getString("current_user")));
    }

    @Test
    void anotherUsersContextReadsNothingAndCannotWriteForThem() {
        UUID project = UUID.randomUUID();
        String insert = "INSERT INTO usage_records (id, project_id, owner_id, model, upstream, upstream_model, prompt_tokens, "
                + "completion_tokens, total_tokens, latency_ms, status, streamed, created_at, usage_day) "
                + "VALUES ($1, $2, $3, 'm', 'u', 'm', 1, 1, 2, 1, 200, false, now(), current_date)";
        RlsTransactions.withRls(pool, new RlsContext(project, "alice", RlsMode.USER),
                c -> c.preparedQuery(insert).execute(Tuple.of(UUID.randomUUID(), project, "alice"))).await().atMost(WAIT);
        long seenByBob = RlsTransactions.withRls(pool, new RlsContext(project, "bob", RlsMode.USER),
                c -> c.preparedQuery("SELECT count(*) FROM usage_records").execute()).await().atMost(WAIT).iterator().next().getLong(0);
        assertEquals(0, seenByBob);
        long seenByProject = RlsTransactions.withRls(pool, new RlsContext(project, "", RlsMode.PROJECT),
                c -> c.preparedQuery("SELECT count(*) FROM usage_records").execute()).await().atMost(WAIT).iterator().next().getLong(0);
        assertEquals(1, seenByProject);
        long withoutContext = pool.query("SELECT count(*) FROM usage_records").execute().await().atMost(WAIT).iterator().next().getLong(0);
        assertEquals(0, withoutContext);
        Exception refused = null;
        try {
            RlsTransactions.withRls(pool, new RlsContext(project, "bob", RlsMode.USER),
                    c -> c.preparedQuery(insert).execute(Tuple.of(UUID.randomUUID(), project, "alice"))).await().atMost(WAIT);
        } catch (Exception e) {
            refused = e;
        }
        assertFalse(refused == null, "bob cannot write a record for alice");
        Exception noUpdate = null;
        try {
            RlsTransactions.withRls(pool, new RlsContext(project, "", RlsMode.PROJECT),
                    c -> c.preparedQuery("UPDATE usage_records SET total_tokens = 0").execute()).await().atMost(WAIT);
        } catch (Exception e) {
            noUpdate = e;
        }
        assertFalse(noUpdate == null, "usage is append-only for the runtime role");
    }
}
