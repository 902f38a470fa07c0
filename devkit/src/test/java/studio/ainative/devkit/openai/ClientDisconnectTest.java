package studio.ainative.devkit.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static studio.ainative.devkit.openai.OpenAiApi.LLAMA;
import static studio.ainative.devkit.openai.OpenAiApi.apiKey;
import static studio.ainative.devkit.openai.OpenAiApi.armFault;
import static studio.ainative.devkit.openai.OpenAiApi.awaitStat;
import static studio.ainative.devkit.openai.OpenAiApi.chat;
import static studio.ainative.devkit.openai.OpenAiApi.clearFaults;
import static studio.ainative.devkit.openai.OpenAiApi.stats;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A client that hangs up is seen and counted, so a gateway's tests can check that cancelling its own
 * client's request really cancels the upstream one.
 */
@QuarkusTest
class ClientDisconnectTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration READ = Duration.ofSeconds(5);

    @AfterEach
    void disarm() {
        clearFaults();
    }

    private static SseConnection post(String text, boolean stream) throws IOException {
        String body = JSON.writeValueAsString(chat(LLAMA, text, Map.of("stream", stream)));
        return SseConnection.post("/v1/chat/completions", body, apiKey());
    }

    @Test
    void aClientThatHangsUpMidStreamIsCountedAsCancelled() throws IOException {
        JsonPath before = stats();

        // 2000 tokens at the configured inter-chunk delay: seconds of stream left when the client leaves.
        try (SseConnection connection = post("word ".repeat(2000), true).readHead(READ)) {
            for (int i = 0; i < 3; i++) {
                assertTrue(connection.nextEvent(READ).startsWith("{"));
            }
        }

        awaitStat("streams_cancelled", before.getLong("streams_cancelled") + 1);
        assertEquals(before.getLong("streams_completed"), stats().getLong("streams_completed"));
    }

    @Test
    void aClientThatGivesUpOnAStalledStreamIsCountedAsCancelled() throws IOException {
        armFault(Map.of("mode", "stall", "after_chunks", 1, "count", 1, "model", LLAMA));
        long before = stats().getLong("streams_cancelled");

        try (SseConnection connection = post("hello", true).readHead(READ)) {
            assertTrue(connection.nextEvent(READ).startsWith("{"));
        }

        awaitStat("streams_cancelled", before + 1);
    }

    @Test
    void aClientThatGivesUpDuringADelayIsCountedAndNeverAnswered() throws Exception {
        armFault(Map.of("mode", "delay", "delay_ms", 600, "count", 1, "model", LLAMA));
        JsonPath before = stats();

        try (SseConnection connection = post("hello", false)) {
            Thread.sleep(100);
        }

        awaitStat("completions_cancelled", before.getLong("completions_cancelled") + 1);
        Thread.sleep(800);
        assertEquals(before.getLong("completions_served"), stats().getLong("completions_served"),
                "the delayed answer must have been dropped with its client");
    }
}
