package studio.ainative.chat;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static studio.ainative.chat.fixtures.Api.COMPLETIONS;
import static studio.ainative.chat.fixtures.Api.ask;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import studio.ainative.platform.testing.Tenant;
import studio.ainative.chat.fixtures.ChatStackResource;
import studio.ainative.platform.testing.IdentityServiceResource;

/** Requests and tokens per minute per end user and per API key, counted in Redis; 429 with OpenAI's headers. */
@QuarkusTest
@QuarkusTestResource(IdentityServiceResource.class)
@QuarkusTestResource(ChatStackResource.class)
class RateLimitTest {

    private static Tenant tenant;

    @Inject
    RedisDataSource redis;
    @Inject
    MeterRegistry registry;
    @ConfigProperty(name = "chat.limits.key-prefix")
    String keyPrefix;

    @BeforeAll
    static void tenant() {
        tenant = Tenant.create("chat-limits");
    }

    @BeforeEach
    void sameMinute() throws InterruptedException {
        ChatStackResource.primary().reset();
        // The windows are calendar minutes: start a test well inside one so its requests share it.
        long second = Instant.now().getEpochSecond() % 60;
        if (second > 45) {
            Thread.sleep((61 - second) * 1000);
        }
    }

    @Test
    void theRequestOverTheLimitIs429WithHeadersAndOtherCallersGoOn() {
        String user = Tenant.newUserId("rpm");
        for (int i = 0; i < ChatStackResource.REQUESTS_PER_MINUTE; i++) {
            tenant.asUser(user).body(ask("test-model", "r" + i)).post(COMPLETIONS).then().statusCode(200)
                    .header("x-ratelimit-remaining-requests", String.valueOf(ChatStackResource.REQUESTS_PER_MINUTE - 1 - i));
        }
        int sent = ChatStackResource.primary().requests.size();
        tenant.asUser(user).body(ask("test-model", "one too many")).post(COMPLETIONS).then().statusCode(429)
                .body("error.code", equalTo("rate_limit_exceeded"))
                .body("error.type", equalTo("requests"))
                .header("x-ratelimit-limit-requests", String.valueOf(ChatStackResource.REQUESTS_PER_MINUTE))
                .header("x-ratelimit-remaining-requests", "0")
                .header("x-ratelimit-reset-requests", notNullValue())
                .header("x-ratelimit-remaining-tokens", notNullValue())
                .header("Retry-After", notNullValue());
        assertEquals(sent, ChatStackResource.primary().requests.size(), "a refused request is not sent upstream");
        // Another end user and the project's API key have limits of their own.
        tenant.asUser(Tenant.newUserId("other")).body(ask("test-model", "me too")).post(COMPLETIONS).then().statusCode(200);
        tenant.asKey().body(ask("test-model", "the key")).post(COMPLETIONS).then().statusCode(200);
    }

    @Test
    void tokensSpentPastTheLimitRefuseTheNextRequest() {
        String user = Tenant.newUserId("tpm");
        tenant.asUser(user).body(ask("test-model", "a long answer #tokens=" + (ChatStackResource.TOKENS_PER_MINUTE + 1)))
                .post(COMPLETIONS).then().statusCode(200);
        // Tokens are counted once the completion ends, just after the answer: allow the write a moment.
        io.restassured.response.Response refused = null;
        for (int i = 0; i < 20; i++) {
            refused = tenant.asUser(user).body(ask("test-model", "more")).post(COMPLETIONS);
            if (refused.statusCode() == 429) {
                break;
            }
        }
        refused.then().statusCode(429).body("error.type", equalTo("tokens")).header("x-ratelimit-remaining-tokens", "0");
    }

    @Test
    void requestsAdmittedAheadOfRedisAreCountedThere() throws InterruptedException {
        String user = Tenant.newUserId("ahead");
        double aheadBefore = admittedAhead();
        Set<String> before = requestCounters();
        int sent = 10;
        for (int i = 0; i < sent; i++) {
            tenant.asUser(user).body(ask("test-model", "a" + i)).post(COMPLETIONS).then().statusCode(200)
                    .header("x-ratelimit-remaining-requests", String.valueOf(ChatStackResource.REQUESTS_PER_MINUTE - 1 - i));
        }
        assertEquals(sent - 1, admittedAhead() - aheadBefore, 0.0, "all but the first (which taught this replica the counts) went ahead");
        String counter = newCounter(before);
        for (int i = 0; i < 50 && Long.parseLong(redis.value(String.class).get(counter)) < sent; i++) {
            Thread.sleep(20);
        }
        assertEquals(String.valueOf(sent), redis.value(String.class).get(counter), "each request counted once in Redis");
    }

    @Test
    void countsOlderThanASecondAreNotTrustedAhead() throws InterruptedException {
        String user = Tenant.newUserId("stale");
        Set<String> before = requestCounters();
        for (int i = 0; i < 2; i++) {
            tenant.asUser(user).body(ask("test-model", "s" + i)).post(COMPLETIONS).then().statusCode(200);
        }
        // Other replicas spend the rest of the caller's minute; this one last heard 2 requests.
        redis.value(Long.class).incrby(newCounter(before), ChatStackResource.REQUESTS_PER_MINUTE - 2);
        Thread.sleep(studio.ainative.chat.limits.RateLimiter.AHEAD_FRESHNESS_MILLIS + 200);
        int sent = ChatStackResource.primary().requests.size();
        tenant.asUser(user).body(ask("test-model", "stale view")).post(COMPLETIONS).then().statusCode(429)
                .header("x-ratelimit-remaining-requests", "0");
        assertEquals(sent, ChatStackResource.primary().requests.size(), "refused, not sent upstream");
    }

    private double admittedAhead() {
        var counter = registry.find("chat.ratelimit.decisions").tag("source", "ahead").counter();
        return counter == null ? 0 : counter.count();
    }

    private Set<String> requestCounters() {
        return new HashSet<>(redis.key(String.class).keys(keyPrefix + "rl:*:r"));
    }

    /** The request counter created since {@code before}: the new caller's. */
    private String newCounter(Set<String> before) {
        List<String> created = requestCounters().stream().filter(key -> !before.contains(key)).toList();
        assertEquals(1, created.size(), "one new caller's counter: " + created);
        return created.get(0);
    }
}
