package studio.ainative.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static studio.ainative.chat.fixtures.Api.COMPLETIONS;
import static studio.ainative.chat.fixtures.Api.ask;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import studio.ainative.platform.testing.Tenant;
import studio.ainative.chat.fixtures.ChatStackResource;
import studio.ainative.platform.testing.IdentityServiceResource;

@QuarkusTest
@QuarkusTestResource(IdentityServiceResource.class)
@QuarkusTestResource(ChatStackResource.class)
class CompletionTest {

    private static Tenant tenant;

    @BeforeAll
    static void tenant() {
        tenant = Tenant.create("chat-completion");
    }

    @BeforeEach
    void upstreams() {
        ChatStackResource.primary().reset();
        ChatStackResource.secondary().reset();
        CircuitBreakerMaintenance.get().resetAll();
    }

    @Test
    void answersInOpenAisShapeWithTheUpstreamsModelAndLimitHeaders() {
        tenant.asUser(Tenant.newUserId("json")).body(ask("test-model", "hello there")).post(COMPLETIONS).then()
                .statusCode(200)
                .contentType("application/json")
                .header("x-ratelimit-limit-requests", String.valueOf(ChatStackResource.REQUESTS_PER_MINUTE))
                .header("x-ratelimit-remaining-requests", String.valueOf(ChatStackResource.REQUESTS_PER_MINUTE - 1))
                .header("x-ratelimit-limit-tokens", String.valueOf(ChatStackResource.TOKENS_PER_MINUTE))
                .header("x-ratelimit-reset-requests", notNullValue())
                .body("object", equalTo("chat.completion"))
                .body("choices[0].message.role", equalTo("assistant"))
                .body("choices[0].message.content", equalTo("You said: hello there"))
                .body("choices[0].finish_reason", equalTo("stop"))
                .body("usage.completion_tokens", equalTo(4));
        JsonObject sent = ChatStackResource.primary().requests.getLast();
        assertEquals("upstream-model-a", sent.getString("model"));
        assertFalse(sent.containsKey("memory"));
    }

    @Test
    void eachPhaseOfACompletionIsTimed() {
        tenant.asUser(Tenant.newUserId("phases")).body(ask("test-model", "time me")).post(COMPLETIONS).then().statusCode(200);
        String metrics = io.restassured.RestAssured.given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String phase : List.of("read", "authenticate", "parse", "admit", "upstream", "respond")) {
            assertTrue(java.util.regex.Pattern.compile("chat_completion_phase_seconds_count\\{phase=\"" + phase + "\"\\} [1-9]")
                    .matcher(metrics).find(), "phase " + phase + " timed");
        }
    }

    @Test
    void anAliasNamesTheSameModel() {
        tenant.asKey().body(ask("vendor/test-model", "alias")).post(COMPLETIONS).then().statusCode(200);
        assertEquals("upstream-model-a", ChatStackResource.primary().requests.getLast().getString("model"));
    }

    @Test
    void thePublicPathIsTheSameEndpoint() {
        for (String path : List.of("/api/v1/public/chat/completions", "/api/v1/chat/chat/completions", "/api/v1/public/chat/chat/completions")) {
            tenant.asKey().body(ask("test-model", "public path")).post(path).then()
                    .statusCode(200).body("choices[0].message.content", equalTo("You said: public path"));
        }
    }

    @Test
    void streamsChunksWithOneIdAndCreatedThenDone() {
        String body = "{\"model\":\"test-model\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"stream me please\"}]}";
        Response response = tenant.asUser(Tenant.newUserId("stream")).body(body).post(COMPLETIONS);
        response.then().statusCode(200).header("Content-Type", org.hamcrest.Matchers.startsWith("text/event-stream"));
        List<String> events = events(response.asString());
        assertEquals("[DONE]", events.get(events.size() - 1));
        List<JsonObject> chunks = events.subList(0, events.size() - 1).stream().map(JsonObject::new).toList();
        for (JsonObject chunk : chunks) {
            assertEquals("chat.completion.chunk", chunk.getString("object"));
            assertEquals(chunks.get(0).getString("id"), chunk.getString("id"));
            assertEquals(chunks.get(0).getLong("created"), chunk.getLong("created"));
            assertNull(chunk.getValue("usage"), "no usage unless asked");
        }
        assertEquals("assistant", chunks.get(0).getJsonArray("choices").getJsonObject(0).getJsonObject("delta").getString("role"));
        StringBuilder text = new StringBuilder();
        chunks.forEach(chunk -> text.append(chunk.getJsonArray("choices").getJsonObject(0).getJsonObject("delta").getString("content", "")));
        assertEquals("You said: stream me please", text.toString());
        JsonObject last = chunks.get(chunks.size() - 1).getJsonArray("choices").getJsonObject(0);
        assertEquals("stop", last.getString("finish_reason"));
        for (JsonObject chunk : chunks.subList(0, chunks.size() - 1)) {
            assertNull(chunk.getJsonArray("choices").getJsonObject(0).getString("finish_reason"));
        }
        // usage is always asked of the upstream, so it can be recorded
        assertTrue(ChatStackResource.primary().requests.getLast().getJsonObject("stream_options").getBoolean("include_usage"));
    }

    @Test
    void theCallersRequestIdReachesTheUpstreamAndComesBack() {
        tenant.asKey().header("X-Request-ID", "chat-json-1").body(ask("test-model", "traced")).post(COMPLETIONS).then()
                .statusCode(200).header("X-Request-ID", "chat-json-1");
        assertEquals("chat-json-1", ChatStackResource.primary().requestIds.getLast());
        String stream = "{\"model\":\"test-model\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"traced\"}]}";
        tenant.asKey().header("X-Request-ID", "chat-stream-1").body(stream).post(COMPLETIONS).then()
                .statusCode(200).header("X-Request-ID", "chat-stream-1");
        assertEquals("chat-stream-1", ChatStackResource.primary().requestIds.getLast());
    }

    @Test
    void withoutARequestIdTheUpstreamGetsTheOneTheAnswerCarries() {
        String id = tenant.asKey().body(ask("test-model", "untraced")).post(COMPLETIONS).then().statusCode(200)
                .extract().header("X-Request-ID");
        assertTrue(id != null && id.matches("[0-9a-f]{32}"), id);
        assertEquals(id, ChatStackResource.primary().requestIds.getLast());
    }

    @Test
    void streamsTheUsageChunkWhenAsked() {
        String body = "{\"model\":\"test-model\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"count me\"}]}";
        List<String> events = events(tenant.asKey().body(body).post(COMPLETIONS).then().statusCode(200).extract().asString());
        assertEquals("[DONE]", events.get(events.size() - 1));
        JsonObject usage = new JsonObject(events.get(events.size() - 2));
        assertTrue(usage.getJsonArray("choices").isEmpty());
        assertEquals(4, usage.getJsonObject("usage").getInteger("completion_tokens"));
        assertTrue(usage.getJsonObject("usage").getInteger("total_tokens") > 4);
    }

    @Test
    void listsTheConfiguredModelsInOpenAisShape() {
        tenant.asKey().get("/api/v1/chat/models").then().statusCode(200)
                .body("object", equalTo("list"))
                .body("data.id", hasItems("test-model", "solo-model", "multi-model", "llama-3.3-70b"))
                .body("data[0].object", equalTo("model"));
        tenant.asKey().get("/api/v1/chat/models/vendor/test-model").then().statusCode(200).body("id", equalTo("vendor/test-model"));
        tenant.asKey().get("/api/v1/chat/models/nope").then().statusCode(404)
                .body("error.code", equalTo("model_not_found")).body("error.param", equalTo("model"));
    }

    @Test
    void anUnknownModelIs404AndNothingGoesUpstream() {
        tenant.asKey().body(ask("no-such-model", "hi")).post(COMPLETIONS).then().statusCode(404)
                .body("error.code", equalTo("model_not_found"))
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.param", equalTo("model"));
        assertTrue(ChatStackResource.primary().requests.isEmpty());
    }

    /** The data of each SSE event, in order. */
    public static List<String> events(String stream) {
        List<String> events = new ArrayList<>();
        for (String block : stream.split("\n\n")) {
            if (block.startsWith("data: ")) {
                events.add(block.substring("data: ".length()));
            } else if (!block.isBlank()) {
                throw new AssertionError("not an SSE data event: " + block);
            }
        }
        return events;
    }
}
