package studio.ainative.devkit.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static studio.ainative.devkit.openai.OpenAiApi.LLAMA;
import static studio.ainative.devkit.openai.OpenAiApi.MINI;
import static studio.ainative.devkit.openai.OpenAiApi.apiKey;
import static studio.ainative.devkit.openai.OpenAiApi.awaitStat;
import static studio.ainative.devkit.openai.OpenAiApi.chat;
import static studio.ainative.devkit.openai.OpenAiApi.stats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Streams read chunk by chunk off the socket: every SSE event must arrive as its own HTTP chunk. */
@QuarkusTest
class ChatStreamingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration READ = Duration.ofSeconds(5);

    /** The JSON chunks of a whole stream, checking it ends with [DONE] and then the end of the body. */
    private static List<JsonNode> streamed(Map<String, Object> body) throws IOException {
        try (SseConnection connection = SseConnection.post("/v1/chat/completions", JSON.writeValueAsString(body),
                apiKey()).readHead(READ)) {
            assertEquals(200, connection.status());
            assertEquals("text/event-stream; charset=utf-8", connection.header("content-type"));
            assertEquals("chunked", connection.header("transfer-encoding"));
            assertTrue(connection.header("x-request-id").startsWith("req_"));
            List<JsonNode> chunks = new ArrayList<>();
            for (String data = connection.nextEvent(READ); !"[DONE]".equals(data); data = connection.nextEvent(READ)) {
                assertTrue(data != null, "the body ended without [DONE]");
                chunks.add(JSON.readTree(data));
            }
            assertNull(connection.nextChunk(READ), "nothing may follow [DONE]");
            return chunks;
        }
    }

    private static Map<String, Object> streaming(String model, String text, Map<String, Object> extra) {
        Map<String, Object> members = new HashMap<>(extra);
        members.put("stream", true);
        return chat(model, text, members);
    }

    private static String contentOf(List<JsonNode> chunks) {
        StringBuilder content = new StringBuilder();
        chunks.stream().filter(chunk -> chunk.path("choices").size() == 1)
                .map(chunk -> chunk.path("choices").get(0).path("delta").path("content"))
                .filter(JsonNode::isTextual)
                .forEach(text -> content.append(text.asText()));
        return content.toString();
    }

    @Test
    void streamsTheRoleThenOneChunkPerTokenThenTheFinish() throws IOException {
        List<JsonNode> chunks = streamed(streaming(LLAMA, "Hello, streaming world", Map.of()));

        // "You", " said", ":", " Hello", ",", " streaming", " world": 7 tokens between role and finish.
        assertEquals(9, chunks.size());
        JsonNode first = chunks.get(0).path("choices").get(0);
        assertEquals(JSON.readTree("{\"role\":\"assistant\",\"content\":\"\"}"), first.path("delta"));
        assertTrue(first.path("finish_reason").isNull());
        List<String> tokens = chunks.subList(1, 8).stream()
                .map(chunk -> chunk.path("choices").get(0))
                .peek(choice -> assertTrue(choice.path("finish_reason").isNull()))
                .peek(choice -> assertEquals(1, choice.path("delta").size(), "a token delta carries content only"))
                .map(choice -> choice.path("delta").path("content").asText())
                .toList();
        assertEquals(List.of("You", " said", ":", " Hello", ",", " streaming", " world"), tokens);
        JsonNode last = chunks.get(8).path("choices").get(0);
        assertEquals(0, last.path("delta").size());
        assertEquals("stop", last.path("finish_reason").asText());
    }

    @Test
    void everyChunkSharesTheIdAndCreatedAndHasNoUsageUnlessAsked() throws IOException {
        List<JsonNode> chunks = streamed(streaming(MINI, "same id please", Map.of()));

        String id = chunks.get(0).path("id").asText();
        long created = chunks.get(0).path("created").asLong();
        assertTrue(id.matches("chatcmpl-[A-Za-z0-9]{29}"), id);
        for (JsonNode chunk : chunks) {
            assertEquals(id, chunk.path("id").asText());
            assertEquals(created, chunk.path("created").asLong());
            assertEquals("chat.completion.chunk", chunk.path("object").asText());
            assertEquals(MINI, chunk.path("model").asText());
            assertEquals("fp_devkit", chunk.path("system_fingerprint").asText());
            assertTrue(chunk.path("choices").get(0).has("logprobs"));
            assertFalse(chunk.has("usage"), "usage appears only with stream_options.include_usage");
        }
    }

    @Test
    void includeUsageSendsNullUsageThenAChoicelessChunkWithTheTotals() throws IOException {
        List<JsonNode> chunks = streamed(streaming(LLAMA, "Hi!", Map.of(
                "stream_options", Map.of("include_usage", true))));

        JsonNode last = chunks.get(chunks.size() - 1);
        assertEquals(0, last.path("choices").size());
        assertEquals(2 + 1, last.path("usage").path("prompt_tokens").asInt());
        assertEquals(5, last.path("usage").path("completion_tokens").asInt());
        assertEquals(8, last.path("usage").path("total_tokens").asInt());
        assertEquals(chunks.get(0).path("id"), last.path("id"));
        for (JsonNode chunk : chunks.subList(0, chunks.size() - 1)) {
            assertTrue(chunk.has("usage") && chunk.path("usage").isNull(), chunk.toString());
        }
    }

    @Test
    void theStreamedTokensRebuildTheNonStreamedReply() throws IOException {
        String text = "  spaces, punctuation!? and  émojis 😀 survive\n";
        String expected = OpenAiApi.complete(chat(LLAMA, text, Map.of())).statusCode(200)
                .extract().jsonPath().getString("choices[0].message.content");

        assertEquals(expected, contentOf(streamed(streaming(LLAMA, text, Map.of()))));
    }

    @Test
    void maxTokensCutsTheStreamWithFinishReasonLength() throws IOException {
        List<JsonNode> chunks = streamed(streaming(LLAMA, "one two three", Map.of("max_tokens", 2)));

        assertEquals("You said", contentOf(chunks));
        assertEquals("length", chunks.get(chunks.size() - 1).path("choices").get(0).path("finish_reason").asText());
    }

    @Test
    void eachOfNChoicesStreamsItsOwnChunks() throws IOException {
        List<JsonNode> chunks = streamed(streaming(LLAMA, "Hi!", Map.of("n", 2,
                "stream_options", Map.of("include_usage", true))));

        // (role + 5 tokens + finish) per choice, then usage.
        assertEquals(2 * 7 + 1, chunks.size());
        for (int index = 0; index < 2; index++) {
            int choice = index;
            List<JsonNode> own = chunks.stream().filter(chunk -> chunk.path("choices").size() == 1)
                    .map(chunk -> chunk.path("choices").get(0))
                    .filter(c -> c.path("index").asInt() == choice)
                    .toList();
            assertEquals(7, own.size());
            assertEquals("assistant", own.get(0).path("delta").path("role").asText());
            assertEquals("You said: Hi!", own.stream().map(c -> c.path("delta").path("content").asText(""))
                    .reduce("", String::concat));
            assertEquals("stop", own.get(6).path("finish_reason").asText());
        }
        assertEquals(10, chunks.get(chunks.size() - 1).path("usage").path("completion_tokens").asInt());
    }

    @Test
    void aCompletedStreamIsCounted() throws IOException {
        long before = stats().getLong("streams_completed");

        streamed(streaming(MINI, "count this stream", Map.of()));

        awaitStat("streams_completed", before + 1);
    }
}
