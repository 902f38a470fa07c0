package studio.ainative.zerodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static studio.ainative.zerodb.fixtures.Api.BASE;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import studio.ainative.platform.testing.IdentityServiceResource;
import studio.ainative.platform.testing.Tenant;

/**
 * Writes that race other writes. Each test makes the interleaving happen rather than hoping for it: a
 * superuser transaction holds a lock (an uncommitted insert, delete or row lock) that the requests must
 * wait on, the test waits until PostgreSQL reports them all blocked behind it (directly or behind one another),
 * then commits, so they all resume at the same point.
 */
@QuarkusTest
@QuarkusTestResource(IdentityServiceResource.class)
class WriteRaceTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static Vertx vertx;
    private static Pool admin;
    private static ExecutorService clients;
    private static Tenant tenant;

    @BeforeAll
    static void connect() {
        vertx = Vertx.vertx();
        // The database the application under test uses, whatever the test profile or the environment names.
        PgConnectOptions connect = PgConnectOptions.fromUri(ConfigProvider.getConfig().getValue("quarkus.datasource.reactive.url", String.class))
                .setUser("postgres");
        admin = Pool.newInstance(PgBuilder.pool().with(new PoolOptions().setMaxSize(2)).connectingTo(connect)
                .using(vertx.getDelegate()).build());
        clients = Executors.newFixedThreadPool(8);
    }

    @AfterAll
    static void close() {
        clients.shutdownNow();
        admin.closeAndAwait();
        vertx.closeAndAwait();
    }

    @BeforeEach
    void project() {
        if (tenant == null) {
            tenant = Tenant.create("write-races");
        }
    }

    @Test
    void concurrentUpsertsOfOneNewIdAllSucceedAndExactlyOneCreatesIt() {
        String namespace = "race-new-id";
        // Every request waits on the namespace's first insert, then all try to create the same vector at once.
        List<Response> responses = whileHolding("INSERT INTO namespaces (project_id, namespace, dims) VALUES ($1, '" + namespace + "', 2)",
                4, () -> tenant.asKey().body(Map.of("vector_id", "contended", "namespace", namespace, "vector_embedding", new double[] {1, 0}))
                        .post(BASE + "/vectors/upsert").then().extract().response());
        List<String> statuses = new ArrayList<>();
        for (Response response : responses) {
            assertEquals(200, response.statusCode(), response.asString());
            statuses.add(response.path("status"));
        }
        assertEquals(1, statuses.stream().filter("created"::equals).count(), statuses.toString());
        assertEquals(3, statuses.stream().filter("updated"::equals).count(), statuses.toString());
    }

    @Test
    void batchesWritingTheSameIdsInOppositeOrderDoNotDeadlock() {
        tenant.asKey().body(Map.of("vectors", List.of(vector("cross-x", "cross-a"), vector("cross-y", "cross-b"))))
                .post(BASE + "/vectors/upsert-batch").then().statusCode(200);
        List<Map<String, Object>> forward = List.of(vector("cross-x", "cross-a"), vector("cross-y", "cross-b"));
        List<Map<String, Object>> backward = List.of(vector("cross-y", "cross-b"), vector("cross-x", "cross-a"));
        // Unordered, the second batch would hold cross-y while waiting for cross-x, which the first then holds while waiting for cross-y.
        List<Supplier<Response>> requests = List.of(
                () -> tenant.asKey().body(Map.of("vectors", forward)).post(BASE + "/vectors/upsert-batch").then().extract().response(),
                () -> tenant.asKey().body(Map.of("vectors", backward)).post(BASE + "/vectors/upsert-batch").then().extract().response());
        List<Response> responses = whileHolding("SELECT 1 FROM vectors WHERE project_id = $1 AND id = 'cross-x' FOR UPDATE", requests);
        for (Response response : responses) {
            assertEquals(200, response.statusCode(), response.asString());
            assertEquals(2, (int) response.path("updated_count"), response.asString());
        }
    }

    @Test
    void upsertOfAVectorDeletedMeanwhileCreatesItAgain() {
        tenant.asKey().body(vector("deleted-meanwhile", "race-delete")).post(BASE + "/vectors/upsert").then().statusCode(200);
        List<Response> responses = whileHolding("DELETE FROM vectors WHERE project_id = $1 AND id = 'deleted-meanwhile'", 1,
                () -> tenant.asKey().body(vector("deleted-meanwhile", "race-delete")).post(BASE + "/vectors/upsert").then().extract().response());
        assertEquals(200, responses.get(0).statusCode(), responses.get(0).asString());
        assertEquals("created", responses.get(0).path("status"));
        tenant.asKey().get(BASE + "/vectors/deleted-meanwhile").then().statusCode(200);
    }

    @Test
    void rowInsertedIntoATableDroppedMeanwhileIs404() {
        tenant.asKey().body(Map.of("name", "dropped_meanwhile")).post(BASE + "/tables").then().statusCode(201);
        List<Response> responses = whileHolding("DELETE FROM table_defs WHERE project_id = $1 AND name = 'dropped_meanwhile'", 1,
                () -> tenant.asKey().body(Map.of("row_data", Map.of("a", 1))).post(BASE + "/tables/dropped_meanwhile/rows").then().extract()
                        .response());
        assertEquals(404, responses.get(0).statusCode(), responses.get(0).asString());
        assertEquals("table_not_found", responses.get(0).path("code"));
    }

    @Test
    void patchOfARowDeletedMeanwhileIs404NotTooLarge() {
        tenant.asKey().body(Map.of("name", "patched_meanwhile")).post(BASE + "/tables").then().statusCode(201);
        String row = tenant.asKey().body(Map.of("row_data", Map.of("a", 1))).post(BASE + "/tables/patched_meanwhile/rows").then()
                .statusCode(201).extract().path("row_id");
        List<Response> responses = whileHolding("DELETE FROM table_rows WHERE project_id = $1 AND row_id = '" + row + "'", 1,
                () -> tenant.asKey().body(Map.of("row_data", Map.of("a", 2))).patch(BASE + "/tables/patched_meanwhile/rows/" + row).then()
                        .extract().response());
        assertEquals(404, responses.get(0).statusCode(), responses.get(0).asString());
        assertEquals("row_not_found", responses.get(0).path("code"));
    }

    private static Map<String, Object> vector(String id, String namespace) {
        return Map.of("vector_id", id, "namespace", namespace, "vector_embedding", new double[] {1, 0});
    }

    private static List<Response> whileHolding(String lockingSql, int copies, Supplier<Response> request) {
        List<Supplier<Response>> requests = new ArrayList<>();
        for (int i = 0; i < copies; i++) {
            requests.add(request);
        }
        return whileHolding(lockingSql, requests);
    }

    /**
     * Runs {@code lockingSql} (with the project as $1) in an open superuser transaction, sends the requests,
     * waits until every one of them is blocked behind that transaction, commits it, and returns their answers.
     */
    private static List<Response> whileHolding(String lockingSql, List<Supplier<Response>> requests) {
        SqlConnection holder = admin.getConnection().await().atMost(WAIT);
        Transaction tx = holder.begin().await().atMost(WAIT);
        boolean committed = false;
        try {
            int holderPid = holder.query("SELECT pg_backend_pid()").execute().await().atMost(WAIT).iterator().next().getInteger(0);
            holder.preparedQuery(lockingSql).execute(Tuple.of(tenant.projectId())).await().atMost(WAIT);
            List<CompletableFuture<Response>> sent = requests.stream().map(r -> CompletableFuture.supplyAsync(r, clients)).toList();
            awaitBlocked(holderPid, requests.size());
            tx.commit().await().atMost(WAIT);
            committed = true;
            return sent.stream().map(CompletableFuture::join).toList();
        } finally {
            if (!committed) {
                tx.rollback().onFailure().recoverWithNull().await().atMost(WAIT);
            }
            holder.closeAndAwait();
        }
    }

    private static void awaitBlocked(int holderPid, int count) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            // Transitively: the second of two requests after one row lock waits on the first request, not on the holder.
            long blocked = admin.preparedQuery("WITH RECURSIVE waiting(pid) AS ("
                            + "SELECT pid FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid)) UNION "
                            + "SELECT a.pid FROM pg_stat_activity a JOIN waiting w ON w.pid = ANY(pg_blocking_pids(a.pid))) "
                            + "SELECT count(*) FROM waiting")
                    .execute(Tuple.of(holderPid)).await().atMost(WAIT).iterator().next().getLong(0);
            if (blocked >= count) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + blocked + " of " + count + " requests ever waited on the held lock");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
