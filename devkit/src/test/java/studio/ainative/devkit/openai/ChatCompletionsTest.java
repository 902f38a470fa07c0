package studio.ainative.devkit.openai;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static studio.ainative.devkit.openai.OpenAiApi.LLAMA;
import static studio.ainative.devkit.openai.OpenAiApi.MINI;
import static studio.ainative.devkit.openai.OpenAiApi.apiKey;
import static studio.ainative.devkit.openai.OpenAiApi.assertOpenAiError;
import static studio.ainative.devkit.openai.OpenAiApi.chat;
import static studio.ainative.devkit.openai.OpenAiApi.complete;
import static studio.ainative.devkit.openai.OpenAiApi.stats;
import static studio.ainative.devkit.openai.OpenAiApi.userMessage;
import static studio.ainative.devkit.openai.OpenAiApi.withApiKey;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import studio.ainative.devkit.AdjustableClock;

@QuarkusTest
class ChatCompletionsTest {

    @Inject
    AdjustableClock clock;

    @Test
    void quotesTheLastUserMessageInOpenAisShape() {
        long before = clock.instant().getEpochSecond();
        Map<String, Object> body = Map.of("model", LLAMA, "messages", List.of(
                Map.of("role", "system", "content", "Be brief."),
                userMessage("first question"),
                Map.of("role", "assistant", "content", "You said: first question"),
                userMessage("Second question?")));

        JsonPath reply = complete(body)
                .statusCode(200)
                .contentType(ContentType.JSON)
                .header("x-request-id", matchesPattern("req_[0-9a-f]{32}"))
                .body("id", matchesPattern("chatcmpl-[A-Za-z0-9]{29}"))
                .body("object", equalTo("chat.completion"))
                .body("model", equalTo(LLAMA))
                .body("system_fingerprint", equalTo("fp_devkit"))
                .body("choices", hasSize(1))
                .body("choices[0].index", equalTo(0))
                .body("choices[0].message.role", equalTo("assistant"))
                .body("choices[0].message.content", equalTo("You said: Second question?"))
                .body("choices[0].message", hasKey("refusal"))
                .body("choices[0].message.refusal", nullValue())
                .body("choices[0]", hasKey("logprobs"))
                .body("choices[0].logprobs", nullValue())
                .body("choices[0].finish_reason", equalTo("stop"))
                .extract().jsonPath();

        long created = reply.getLong("created");
        assertTrue(created >= before && created <= clock.instant().getEpochSecond(), "created " + created);
    }

    @Test
    void usageCountsEveryPromptMessageAndTheReply() {
        // Prompt: system (1 + "Be", " brief", ".") + user (1 + "Hi", "!") = 7.
        // Reply "You said: Hi!": "You", " said", ":", " Hi", "!" = 5.
        Map<String, Object> body = Map.of("model", LLAMA, "messages", List.of(
                Map.of("role", "system", "content", "Be brief."), userMessage("Hi!")));

        complete(body).statusCode(200)
                .body("usage.prompt_tokens", equalTo(7))
                .body("usage.completion_tokens", equalTo(5))
                .body("usage.total_tokens", equalTo(12));
    }

    @Test
    void contentPartsAreQuotedTextOnly() {
        Map<String, Object> body = Map.of("model", LLAMA, "messages", List.of(Map.of("role", "user", "content", List.of(
                Map.of("type", "text", "text", "look"),
                Map.of("type", "image_url", "image_url", Map.of("url", "https://example.com/cat.png")),
                Map.of("type", "text", "text", "at this")))));

        complete(body).statusCode(200).body("choices[0].message.content", equalTo("You said: look\nat this"));
    }

    @Test
    void nChoicesEachCarryTheReplyAndUsageCountsThemAll() {
        complete(chat(MINI, "Hi!", Map.of("n", 3))).statusCode(200)
                .body("choices.index", contains(0, 1, 2))
                .body("choices.message.content", everyItem(equalTo("You said: Hi!")))
                .body("usage.completion_tokens", equalTo(15));
    }

    @Test
    void maxTokensCutsTheReplyWithFinishReasonLength() {
        complete(chat(LLAMA, "one two three", Map.of("max_tokens", 3))).statusCode(200)
                .body("choices[0].message.content", equalTo("You said:"))
                .body("choices[0].finish_reason", equalTo("length"))
                .body("usage.completion_tokens", equalTo(3));
    }

    @Test
    void maxCompletionTokensCutsTheReplyToo() {
        complete(chat(LLAMA, "one two three", Map.of("max_completion_tokens", 4))).statusCode(200)
                .body("choices[0].message.content", equalTo("You said: one"))
                .body("choices[0].finish_reason", equalTo("length"));
    }

    @Test
    void aLimitTheReplyFitsInStopsNormally() {
        complete(chat(LLAMA, "one", Map.of("max_tokens", 4))).statusCode(200)
                .body("choices[0].message.content", equalTo("You said: one"))
                .body("choices[0].finish_reason", equalTo("stop"));
    }

    @Test
    void createdFollowsTheClock() {
        clock.advance(Duration.ofDays(1));
        try {
            long expected = clock.instant().getEpochSecond();
            long created = complete(chat(LLAMA, "when?", Map.of())).statusCode(200)
                    .extract().jsonPath().getLong("created");
            assertTrue(Math.abs(created - expected) <= 1, created + " vs " + expected);
        } finally {
            clock.reset();
        }
    }

    @Test
    void anUnknownModelIsNotFound() {
        assertOpenAiError(complete(chat("gpt-9", "hi", Map.of())), 404, null, "model_not_found");
    }

    @Test
    void malformedJsonIsABadRequest() {
        assertOpenAiError(withApiKey().body("{\"model\": ").when().post("/v1/chat/completions").then(),
                400, null, "invalid_json");
    }

    @Test
    void aMissingBodyIsABadRequest() {
        assertOpenAiError(withApiKey().when().post("/v1/chat/completions").then(), 400, null, "invalid_json");
    }

    @Test
    void trailingGarbageAfterTheJsonIsABadRequest() {
        assertOpenAiError(withApiKey().body("{} {}").when().post("/v1/chat/completions").then(),
                400, null, "invalid_json");
    }

    @Test
    void aBodyPostedAsAFormIsStillReadAsJson() {
        withApiKey().contentType(ContentType.URLENC)
                .body("{\"model\":\"" + LLAMA + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "x ".repeat(3000)
                        + "\"}]}")
                .when().post("/v1/chat/completions")
                .then().statusCode(200).body("choices[0].message.content", startsWith("You said: x x"));
    }

    @Test
    void missingMessagesAreNamedInParam() {
        assertOpenAiError(complete(Map.of("model", LLAMA)), 400, "messages", "missing_required_parameter");
    }

    @Test
    void anUnknownRoleIsNamedWithItsIndex() {
        assertOpenAiError(complete(Map.of("model", LLAMA, "messages", List.of(userMessage("hi"),
                Map.of("role", "robot", "content", "beep")))), 400, "messages[1].role", "invalid_value");
    }

    @Test
    void maxTokensOverTheModelsLimitIsRefused() {
        assertOpenAiError(complete(chat(LLAMA, "hi", Map.of("max_tokens", 4097))), 400, "max_tokens", "invalid_value");
    }

    @Test
    void refusedRequestsAreCountedAsRejectedNotAsReceived() {
        JsonPath before = stats();

        assertOpenAiError(complete(chat(LLAMA, "hi", Map.of("n", 0))), 400, "n", "integer_below_min_value");

        JsonPath after = stats();
        assertEquals(before.getLong("requests_rejected") + 1, after.getLong("requests_rejected"));
        assertEquals(before.getLong("requests.'" + LLAMA + "'"), after.getLong("requests.'" + LLAMA + "'"));
    }

    @Test
    void answeredRequestsAreCountedPerModel() {
        JsonPath before = stats();

        complete(chat(MINI, "count me", Map.of())).statusCode(200);

        JsonPath after = stats();
        assertEquals(before.getLong("requests.'" + MINI + "'") + 1, after.getLong("requests.'" + MINI + "'"));
        assertEquals(before.getLong("requests.'" + LLAMA + "'"), after.getLong("requests.'" + LLAMA + "'"));
        assertEquals(before.getLong("completions_served") + 1, after.getLong("completions_served"));
    }

    @Test
    void aDeclaredBodyOverTheLimitIsRefusedByTheHttpLayer() {
        withApiKey().body("{\"pad\":\"" + "a".repeat(1024 * 1024) + "\"}")
                .when().post("/v1/chat/completions")
                .then().statusCode(413);
    }

    @Test
    void aChunkedBodyOverTheLimitIsRefusedInOpenAisShape() throws Exception {
        String json = "{\"model\":\"" + LLAMA + "\",\"pad\":\"" + "a".repeat(1024 * 1024) + "\"}";
        try (SseConnection connection = SseConnection.postChunked("/v1/chat/completions", json, apiKey())) {
            connection.readHead(Duration.ofSeconds(10));
            JsonNode error = new ObjectMapper().readTree(connection.fixedBody(Duration.ofSeconds(5)));

            assertEquals(413, connection.status());
            assertEquals("request_too_large", error.path("error").path("code").asText());
            assertEquals("invalid_request_error", error.path("error").path("type").asText());
        }
    }

    @Test
    void anUnknownRouteIsNotFoundInOpenAisShape() {
        assertOpenAiError(withApiKey().when().post("/v1/chat/threads").then(), 404, null, "unknown_url");
    }

    @Test
    void theWrongMethodIsNotFoundAsAtOpenAi() {
        assertOpenAiError(withApiKey().when().get("/v1/chat/completions").then(), 404, null, "unknown_url");
    }
}
