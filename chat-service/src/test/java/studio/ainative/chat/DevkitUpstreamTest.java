package studio.ainative.chat;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static studio.ainative.chat.fixtures.Api.COMPLETIONS;
import static studio.ainative.chat.fixtures.Api.ask;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import studio.ainative.chat.fixtures.ChatStackResource;
import studio.ainative.chat.fixtures.StreamingClient;
import studio.ainative.platform.testing.IdentityServiceResource;
import studio.ainative.platform.testing.Tenant;

/** Against devkit's OpenAI-compatible upstream, the one the local stack uses: answers, streams and its faults. */
@QuarkusTest
@QuarkusTestResource(IdentityServiceResource.class)
@QuarkusTestResource(ChatStackResource.class)
class DevkitUpstreamTest {

    private static Tenant tenant;

    @BeforeAll
    static void tenant() {
        tenant = Tenant.create("chat-devkit");
    }

    @AfterEach
    void clearFaults() {
        given().delete(ChatStackResource.devkit().url() + "/dev/openai/faults").then().statusCode(org.hamcrest.Matchers.lessThan(300));
    }

    private static JsonObject stats() {
        return new JsonObject(given().get(ChatStackResource.devkit().url() + "/dev/openai/stats").then().statusCode(200).extract().asString());
    }

    private static void fault(String json) {
        given().contentType(ContentType.JSON).body(json).post(ChatStackResource.devkit().url() + "/dev/openai/faults")
                .then().statusCode(org.hamcrest.Matchers.lessThan(300));
    }

    @Test
    void aCompletionAndAStreamThroughDevkit() {
        tenant.asUser(Tenant.newUserId("devkit")).body(ask("devkit-model", "Hello from Stytch!")).post(COMPLETIONS).then().statusCode(200)
                .body("choices[0].message.content", equalTo("You said: Hello from Stytch!"))
                .body("choices[0].finish_reason", equalTo("stop"));
        String body = "{\"model\":\"devkit-model\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Authenticated via magic link!\"}]}";
        List<String> events = CompletionTest.events(tenant.asKey().body(body).post(COMPLETIONS).then().statusCode(200).extract().asString());
        assertEquals("[DONE]", events.get(events.size() - 1));
        StringBuilder text = new StringBuilder();
        for (String event : events.subList(0, events.size() - 1)) {
            JsonObject chunk = new JsonObject(event);
            if (!chunk.getJsonArray("choices").isEmpty()) {
                text.append(chunk.getJsonArray("choices").getJsonObject(0).getJsonObject("delta").getString("content", ""));
            }
        }
        assertEquals("You said: Authenticated via magic link!", text.toString());
        assertTrue(new JsonObject(events.get(events.size() - 2)).getJsonObject("usage").getInteger("total_tokens") > 0);
    }

    @Test
    void devkitsInjected500sGiveTheClientA502() {
        fault("{\"mode\":\"error\",\"status\":500}");
        tenant.asKey().body(ask("devkit-model", "broken")).post(COMPLETIONS).then().statusCode(502)
                .body("error.code", equalTo("upstream_unavailable"));
    }

    @Test
    void aClientGoingAwayCancelsDevkitsStream() throws Exception {
        long cancelledBefore = stats().getLong("streams_cancelled");
        // devkit sends three events, then holds the stream open: the client reads two and hangs up.
        fault("{\"mode\":\"stall\",\"after_chunks\":3,\"count\":1}");
        String content = "one two three four five six seven eight";
        StreamingClient.readEventsThenClose(tenant.apiKey(), "{\"model\":\"devkit-model\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\""
                + content + "\"}]}", 2, io.restassured.RestAssured.port);
        long cancelled = cancelledBefore;
        for (int i = 0; i < 50 && cancelled == cancelledBefore; i++) {
            Thread.sleep(100);
            cancelled = stats().getLong("streams_cancelled");
        }
        assertEquals(cancelledBefore + 1, cancelled, "devkit saw its stream cancelled");
    }

    @Test
    void aStreamDevkitStallsAfterItsFirstEventsEndsInAnErrorEventAfterTheIdleTimeout() throws Exception {
        // devkit sends two events, then nothing (for minutes): chat's idle-timeout (2 s here) must end the stream.
        fault("{\"mode\":\"stall\",\"after_chunks\":2,\"count\":1}");
        String body = "{\"model\":\"devkit-model\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"one two three four five\"}]}";
        HttpClient client = HttpClient.newHttpClient();
        long started = System.nanoTime();
        String stream = client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + io.restassured.RestAssured.port + COMPLETIONS))
                                .header("Authorization", "Bearer " + tenant.apiKey()).header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString())
                .get(15, TimeUnit.SECONDS).body();
        long tookMs = (System.nanoTime() - started) / 1_000_000;

        List<String> events = CompletionTest.events(stream);
        assertTrue(events.size() >= 2, "the events before the stall reached the client: " + stream);
        assertEquals("upstream_stream_broken", new JsonObject(events.get(events.size() - 1)).getJsonObject("error").getString("code"));
        assertTrue(events.stream().noneMatch("[DONE]"::equals), "no [DONE] after a broken stream");
        assertTrue(tookMs >= 2000 && tookMs < 8000, "ended by the idle timeout, after " + tookMs + " ms");
    }
}
