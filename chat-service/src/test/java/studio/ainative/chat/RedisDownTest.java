package studio.ainative.chat;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static studio.ainative.chat.fixtures.Api.COMPLETIONS;
import static studio.ainative.chat.fixtures.Api.ask;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import studio.ainative.chat.fixtures.ChatStackResource;
import studio.ainative.platform.testing.IdentityServiceResource;
import studio.ainative.platform.testing.Tenant;

/**
 * Redis away: the limits fail open (admitted, uncounted, no rate-limit headers, never a 5xx) for
 * {@code fail-open-for} (2 s in the tests), then each replica counts on its own until Redis is back.
 */
@QuarkusTest
@QuarkusTestResource(IdentityServiceResource.class)
@QuarkusTestResource(ChatStackResource.class)
class RedisDownTest {

    private static Tenant tenant;

    @BeforeAll
    static void tenant() {
        tenant = Tenant.create("chat-redis-down");
    }

    @Test
    void limitsFailOpenThenCountLocallyThenRecover() throws InterruptedException {
        long second = Instant.now().getEpochSecond() % 60;
        if (second > 40) {
            Thread.sleep((61 - second) * 1000);
        }
        String user = Tenant.newUserId("redis");
        ChatStackResource.redis().stop();
        try {
            tenant.asUser(user).body(ask("test-model", "redis is away")).post(COMPLETIONS).then().statusCode(200)
                    .header("x-ratelimit-limit-requests", nullValue());
            Thread.sleep(2500);
            // Past the bound: this replica enforces the same limits itself.
            Response counted = null;
            for (int i = 0; i < ChatStackResource.REQUESTS_PER_MINUTE; i++) {
                counted = tenant.asUser(user).body(ask("test-model", "counted " + i)).post(COMPLETIONS);
                counted.then().statusCode(200).header("x-ratelimit-limit-requests", notNullValue());
            }
            tenant.asUser(user).body(ask("test-model", "over")).post(COMPLETIONS).then().statusCode(429)
                    .body("error.code", equalTo("rate_limit_exceeded")).header("Retry-After", notNullValue());
        } finally {
            ChatStackResource.restartRedis();
        }
        // Redis back: shared counting again (a new user starts at the full allowance).
        tenant.asUser(Tenant.newUserId("after")).body(ask("test-model", "back")).post(COMPLETIONS).then().statusCode(200)
                .header("x-ratelimit-remaining-requests", String.valueOf(ChatStackResource.REQUESTS_PER_MINUTE - 1));
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("chat_ratelimit_decisions_total{result=\"allowed\",source=\"open\"}"), "fail-open decisions are counted");
        assertTrue(metrics.contains("source=\"local\""), "local decisions are counted");
    }
}
