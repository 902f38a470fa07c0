package studio.ainative.chat;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static studio.ainative.chat.fixtures.Api.COMPLETIONS;
import static studio.ainative.chat.fixtures.Api.ask;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import studio.ainative.platform.testing.Tenant;
import studio.ainative.chat.fixtures.ChatStackResource;
import studio.ainative.chat.fixtures.TestUpstream;
import studio.ainative.platform.testing.IdentityServiceResource;

/** Retries and fallback before the first byte, none after; 4xx passed through; breakers per upstream. */
@QuarkusTest
@QuarkusTestResource(IdentityServiceResource.class)
@QuarkusTestResource(ChatStackResource.class)
class FailoverTest {

    private static Tenant tenant;
    private final TestUpstream primary = ChatStackResource.primary();
    private final TestUpstream secondary = ChatStackResource.secondary();

    @BeforeAll
    static void tenant() {
        tenant = Tenant.create("chat-failover");
    }

    @BeforeEach
    void upstreams() {
        primary.reset();
        secondary.reset();
        CircuitBreakerMaintenance.get().resetAll();
    }

    @Test
    void a5xxIsRetriedThenFallsBackToTheNextUpstream() {
        primary.fail(503);
        tenant.asKey().header("X-Request-ID", "failover-1").body(ask("test-model", "fall back")).post(COMPLETIONS).then().statusCode(200)
                .body("choices[0].message.content", equalTo("You said: fall back"));
        assertEquals(2, primary.requests.size(), "one try and one retry on primary");
        assertEquals(1, secondary.requests.size());
        assertEquals("upstream-model-b", secondary.requests.getLast().getString("model"));
        // every attempt, the retry and the fallback included, carries the client's request id
        assertEquals(List.of("failover-1", "failover-1"), List.copyOf(primary.requestIds));
        assertEquals(List.of("failover-1"), List.copyOf(secondary.requestIds));
    }

    @Test
    void aTimeoutBeforeTheFirstByteFallsBack() {
        primary.stall();
        tenant.asKey().body("{\"model\":\"test-model\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"slow\"}]}")
                .post(COMPLETIONS).then().statusCode(200);
        assertEquals(1, secondary.requests.size());
    }

    @Test
    void afterTheLastUpstreamTheClientGets502Or504() {
        primary.fail(500);
        secondary.fail(502);
        tenant.asKey().body(ask("test-model", "nobody")).post(COMPLETIONS).then().statusCode(502)
                .body("error.code", equalTo("upstream_unavailable"));
        primary.stall();
        tenant.asKey().body(ask("solo-model", "stalled")).post(COMPLETIONS).then().statusCode(504)
                .body("error.code", equalTo("upstream_timeout"));
    }

    @Test
    void anUpstream4xxIsPassedThroughWithoutFallback() {
        primary.fail(400);
        tenant.asKey().body(ask("test-model", "refused")).post(COMPLETIONS).then().statusCode(400)
                .body("error.code", equalTo("test_refusal"))
                .body("error.message", equalTo("test upstream failure 400"));
        assertEquals(1, primary.requests.size(), "a 4xx is not retried");
        assertTrue(secondary.requests.isEmpty());
    }

    @Test
    void nothingIsRetriedOnceTheFirstByteWasRelayed() {
        primary.breakAfterFirstChunk();
        String stream = tenant.asKey().body("{\"model\":\"test-model\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"cut\"}]}")
                .post(COMPLETIONS).then().statusCode(200).extract().asString();
        List<String> events = CompletionTest.events(stream);
        assertFalse(events.contains("[DONE]"), "a broken stream does not end as a whole one");
        assertTrue(events.get(events.size() - 1).contains("upstream_stream_broken"));
        assertEquals(1, primary.requests.size());
        assertTrue(secondary.requests.isEmpty(), "no fallback after the first byte");
    }

    @Test
    void theBreakerOpensPerUpstreamAndTrafficGoesToTheNext() {
        primary.fail(500);
        for (int i = 0; i < 6; i++) {
            tenant.asKey().body(ask("test-model", "trip " + i)).post(COMPLETIONS).then().statusCode(200);
        }
        assertEquals(CircuitBreakerState.OPEN, CircuitBreakerMaintenance.get().currentState("chat-upstream-primary"));
        assertEquals(CircuitBreakerState.CLOSED, CircuitBreakerMaintenance.get().currentState("chat-upstream-secondary"));
        int triedBefore = primary.requests.size();
        tenant.asKey().body(ask("test-model", "while open")).post(COMPLETIONS).then().statusCode(200);
        assertEquals(triedBefore, primary.requests.size(), "an open breaker sends nothing to its upstream");
    }
}
