package studio.ainative.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static studio.ainative.memory.fixtures.Api.BASE;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import studio.ainative.memory.fixtures.Rows;
import studio.ainative.platform.testing.IdentityServiceResource;
import studio.ainative.platform.testing.Tenant;

/**
 * Concurrent remembers of the same content make one memory: one 201, the others 200 with the same memory. The
 * race is forced: a superuser transaction holds a lock that lets every request look for the content (and find
 * none) but makes each wait before its insert, until all are waiting.
 */
@QuarkusTest
@QuarkusTestResource(IdentityServiceResource.class)
class RememberRaceTest {

    private static final int CALLERS = 6;

    @Test
    void concurrentRemembersOfTheSameContentMakeOneMemory() throws Exception {
        Tenant tenant = Tenant.create("remember-race");
        String user = Tenant.newUserId("race");
        Map<String, Object> body = Map.of("content", "Raced fact " + user, "entity_name", "race");
        tenant.asUser(user).body(Map.of("content", "warm-up")).post(BASE + "/remember").then().statusCode(201);
        ExecutorService pool = Executors.newFixedThreadPool(CALLERS);
        Connection lock = DriverManager.getConnection(Rows.url(), "postgres", "");
        try {
            lock.setAutoCommit(false);
            lock.createStatement().execute("LOCK TABLE memories IN SHARE ROW EXCLUSIVE MODE");
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<Response>> calls = new ArrayList<>();
            for (int i = 0; i < CALLERS; i++) {
                calls.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return tenant.asUser(user).body(body).post(BASE + "/remember");
                }, pool));
            }
            start.countDown();
            awaitWaitingInserts(CALLERS);
            lock.commit();
            List<Integer> statuses = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            for (CompletableFuture<Response> call : calls) {
                Response response = call.get();
                statuses.add(response.statusCode());
                ids.add(response.path("memory_id"));
            }
            assertEquals(1, statuses.stream().filter(s -> s == 201).count(), "statuses " + statuses);
            assertEquals(CALLERS - 1, statuses.stream().filter(s -> s == 200).count(), "statuses " + statuses);
            assertEquals(1, ids.stream().distinct().count(), "ids " + ids);
            assertEquals(2, Rows.memoriesOf(tenant.projectId()));
        } finally {
            lock.close();
            pool.shutdownNow();
        }
    }

    private static void awaitWaitingInserts(int count) throws SQLException, InterruptedException {
        try (Connection monitor = DriverManager.getConnection(Rows.url(), "postgres", "")) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                ResultSet waiting = monitor.createStatement().executeQuery(
                        "SELECT count(*) FROM pg_stat_activity WHERE usename = 'memory_app' AND wait_event_type = 'Lock'");
                waiting.next();
                if (waiting.getInt(1) >= count) {
                    return;
                }
                Thread.sleep(20);
            }
            throw new AssertionError("the inserts never all waited on the lock");
        }
    }
}
