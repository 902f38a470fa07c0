package studio.ainative.identity.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import studio.ainative.platform.testing.ServiceProcess;
import studio.ainative.platform.testing.TestClock;

/**
 * The gate against a real redis-server of its own, made slow with {@code CLIENT PAUSE} and congested
 * by holding the only pooled connection: what counts as a Redis failure, and what does not.
 */
class RedisGateTest {

    private static final Duration TIMEOUT = Duration.ofMillis(400);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);
    private static final int THRESHOLD = 3;

    private static int port;
    private static ServiceProcess redisServer;
    private static Vertx vertx;

    private final TestClock clock = TestClock.INSTANCE;
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private Redis client;
    private RedisGate gate;

    @BeforeAll
    static void startRedis() throws IOException {
        port = ServiceProcess.freePort();
        redisServer = ServiceProcess.redis(port);
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopRedis() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
        redisServer.stop();
    }

    @AfterEach
    void release() {
        clock.release();
        if (client != null) {
            client.close();
        }
    }

    @Test
    void waitingForAPooledConnectionSkipsRedisForThatRequestWithoutCountingAFailure() throws Exception {
        gateOn(port);
        RedisConnection held = client.connect().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertEquals(Optional.empty(), set("busy-1"), "no connection within the timeout: this request goes without Redis");
        assertThrows(RedisGate.RedisUnavailableException.class,
                () -> gate.require("test", api -> api.set(List.of("gate-test:busy-2", "v"))).await().atMost(Duration.ofSeconds(10)),
                "an operation that needs Redis fails instead");
        assertTrue(gate.available(), "congestion here does not take Redis out of use");
        assertEquals(0, errors());
        assertEquals(2, skipped("pool_busy"));

        held.close();
        // Both requests that gave up were still queued for the one connection; each hands it straight
        // back. Had one kept it, every later request would find the pool busy.
        awaitAnswer();
        assertEquals(2, skipped("pool_busy"), "a connection was kept by a request that gave up");
    }

    @Test
    void repliesSlowerThanTheTimeoutCountAndOnlyFailuresInARowTakeRedisOutOfUse() throws Exception {
        gateOn(port);
        awaitAnswer();
        clock.freeze();

        pause(Duration.ofSeconds(4));
        for (int failure = 1; failure < THRESHOLD; failure++) {
            assertEquals(Optional.empty(), set("slow-" + failure));
            assertTrue(gate.available(), "failure " + failure + " of " + THRESHOLD + " in a row keeps Redis in use");
        }
        assertEquals(Optional.empty(), set("slow-3"));
        assertFalse(gate.available(), THRESHOLD + " failures in a row take Redis out of use");
        assertEquals(THRESHOLD, errors());

        assertEquals(Optional.empty(), set("skipped"));
        assertEquals(1, skipped("down"), "while out of use, Redis is not even asked");
        assertEquals(THRESHOLD, errors());

        // Each probe after the window either succeeds or opens the window again at once.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        Optional<Response> probe = Optional.empty();
        while (probe.isEmpty() && System.nanoTime() < deadline) {
            clock.advance(RETRY_AFTER.plusMillis(1));
            assertTrue(gate.available());
            probe = set("probe");
            if (probe.isEmpty()) {
                assertFalse(gate.available(), "a failed probe takes Redis out of use again without a new count of " + THRESHOLD);
            }
        }
        assertEquals("OK", probe.orElseThrow(() -> new AssertionError("Redis never came back")).toString());

        pause(Duration.ofSeconds(2));
        assertEquals(Optional.empty(), set("after-recovery"));
        assertTrue(gate.available(), "a success resets the count: one failure after it is just one");
        awaitAnswer();
    }

    @Test
    void aConnectionThatCannotBeOpenedCounts() {
        gateOn(ServiceProcess.freePort());
        for (int failure = 1; failure < THRESHOLD; failure++) {
            assertEquals(Optional.empty(), set("refused"));
            assertTrue(gate.available());
        }
        assertEquals(Optional.empty(), set("refused"));
        assertFalse(gate.available());
        assertEquals(THRESHOLD, errors());
        assertEquals(0, skipped("pool_busy"));
    }

    @Test
    void theCommandsOfOneEventLoopTurnGoToRedisInOneBatch() throws Exception {
        gateOn(port);
        awaitAnswer();
        CompletableFuture<List<Object>> answers = new CompletableFuture<>();
        vertx.runOnContext(ignored -> {
            List<Uni<Optional<Response>>> commands = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                commands.add(gate.pipelined("test", Request.cmd(Command.SET).arg(gate.key("turn-" + i)).arg("v" + i)));
            }
            Uni.join().all(commands).andFailFast().subscribe().with(list -> answers.complete(List.copyOf(list)),
                    answers::completeExceptionally);
        });
        List<Object> replies = answers.get(10, TimeUnit.SECONDS);
        assertEquals(5, replies.size());
        replies.forEach(reply -> assertEquals("OK", ((Optional<?>) reply).orElseThrow().toString()));
        assertEquals(1, pipelines().count(), "one write for the turn's five commands");
        assertEquals(5, pipelines().totalAmount());

        Response values = gate.pipelined("test", Request.cmd(Command.MGET).arg(gate.key("turn-0")).arg(gate.key("turn-4")))
                .await().atMost(Duration.ofSeconds(10)).orElseThrow();
        assertEquals(List.of("v0", "v4"), List.of(values.get(0).toString(), values.get(1).toString()),
                "each command gets its own reply; off an event loop a command goes alone");
        assertEquals(2, pipelines().count());
    }

    @Test
    void aPipelinedScriptRedisDoesNotHaveIsLoadedAndSentAgain() throws Exception {
        gateOn(port);
        awaitAnswer();
        String script = "return ARGV[1] .. '-" + System.nanoTime() + "'";
        assertTrue(eval(script, "first").startsWith("first-"), "a script Redis never saw");
        scriptFlush();
        assertTrue(eval(script, "again").startsWith("again-"), "a script Redis forgot");
        assertEquals(0, errors(), "NOSCRIPT is not a failure");
    }

    @Test
    void anErrorReplyLeavesTheBatchUnansweredAndCountsOnce() throws Exception {
        gateOn(port);
        awaitAnswer();
        gate.attempt("test", api -> api.lpush(List.of(gate.key("a-list"), "x"))).await().atMost(Duration.ofSeconds(10)).orElseThrow();
        CompletableFuture<List<Object>> answers = new CompletableFuture<>();
        vertx.runOnContext(ignored -> Uni.join().all(
                        gate.pipelined("test", Request.cmd(Command.GET).arg(gate.key("a-list"))),
                        gate.pipelined("test", Request.cmd(Command.SET).arg(gate.key("beside")).arg("v")))
                .andFailFast().subscribe().with(list -> answers.complete(List.copyOf(list)), answers::completeExceptionally));
        assertEquals(List.of(Optional.empty(), Optional.empty()), answers.get(10, TimeUnit.SECONDS),
                "a best-effort command is unanswered, never a failure");
        assertEquals(1, errors());
        assertTrue(gate.available());
    }

    private String eval(String script, String arg) {
        return gate.evalPipelined("test", script, List.of(), List.of(arg)).await().atMost(Duration.ofSeconds(10)).orElseThrow().toString();
    }

    private static void scriptFlush() throws IOException, InterruptedException {
        Process cli = new ProcessBuilder("redis-cli", "-p", Integer.toString(port), "SCRIPT", "FLUSH").redirectErrorStream(true).start();
        String out = new String(cli.getInputStream().readAllBytes()).trim();
        assertTrue(cli.waitFor(10, TimeUnit.SECONDS) && "OK".equals(out), "SCRIPT FLUSH answered " + out);
    }

    private DistributionSummary pipelines() {
        return metrics.get("identity.redis.pipeline.commands").summary();
    }

    private void gateOn(int redisPort) {
        client = Redis.createClient(vertx, new RedisOptions().setConnectionString("redis://127.0.0.1:" + redisPort)
                .setMaxPoolSize(1).setMaxPoolWaiting(16));
        gate = new RedisGate(client, vertx, clock, metrics, new RedisGate.Settings(TIMEOUT, THRESHOLD, RETRY_AFTER, "gate-test:"));
    }

    private Optional<Response> set(String key) {
        return gate.attempt("test", api -> api.set(List.of(gate.key(key), "v"))).await().atMost(Duration.ofSeconds(10));
    }

    /** Waits until a command through the gate succeeds (a first connection, the end of a pause). */
    private void awaitAnswer() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (set("answer").isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "Redis did not answer through the gate within 15 s");
            clock.advance(RETRY_AFTER.plusMillis(1));
            Thread.sleep(50);
        }
    }

    /** Redis itself stops answering every client for this long. */
    private static void pause(Duration duration) throws IOException, InterruptedException {
        Process cli = new ProcessBuilder("redis-cli", "-p", Integer.toString(port), "CLIENT", "PAUSE",
                Long.toString(duration.toMillis()), "ALL").redirectErrorStream(true).start();
        String out = new String(cli.getInputStream().readAllBytes()).trim();
        assertTrue(cli.waitFor(10, TimeUnit.SECONDS) && "OK".equals(out), "CLIENT PAUSE answered " + out);
    }

    private double errors() {
        return metrics.get("identity.redis.errors").counter().count();
    }

    private double skipped(String reason) {
        return metrics.get("identity.redis.skipped").tag("reason", reason).counter().count();
    }
}
