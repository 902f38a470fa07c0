package studio.ainative.devkit.openai;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static studio.ainative.devkit.openai.OpenAiApi.LLAMA;
import static studio.ainative.devkit.openai.OpenAiApi.MINI;
import static studio.ainative.devkit.openai.OpenAiApi.apiKey;
import static studio.ainative.devkit.openai.OpenAiApi.armFault;
import static studio.ainative.devkit.openai.OpenAiApi.assertOpenAiError;
import static studio.ainative.devkit.openai.OpenAiApi.chat;
import static studio.ainative.devkit.openai.OpenAiApi.clearFaults;
import static studio.ainative.devkit.openai.OpenAiApi.complete;
import static studio.ainative.devkit.openai.OpenAiApi.stats;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What each armed fault does to a chat, non-streamed and streamed. */
@QuarkusTest
class FaultInjectionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration READ = Duration.ofSeconds(5);
    private static final Duration QUIET = Duration.ofMillis(400);

    @AfterEach
    void disarm() {
        clearFaults();
    }

    private static SseConnection post(String model, boolean stream) throws IOException {
        String body = JSON.writeValueAsString(chat(model, "one two three four five", Map.of("stream", stream)));
        return SseConnection.post("/v1/chat/completions", body, apiKey());
    }

    @Test
    void anErrorFaultAnswersItsStatusInOpenAisShapeThenNormalServiceResumes() {
        armFault(Map.of("mode", "error", "status", 500, "count", 1, "model", LLAMA));

        assertOpenAiError(complete(chat(LLAMA, "hi", Map.of())), 500, null, "injected_fault");
        complete(chat(LLAMA, "hi", Map.of())).statusCode(200);
    }

    @Test
    void aRateLimitFaultSaysWhenToRetry() {
        armFault(Map.of("mode", "error", "status", 429, "count", 1, "model", LLAMA));

        assertOpenAiError(complete(chat(LLAMA, "hi", Map.of())).header("Retry-After", equalTo("1")),
                429, null, "rate_limit_exceeded");
    }

    @Test
    void aClientErrorFaultIsTypedAsAnInvalidRequest() {
        armFault(Map.of("mode", "error", "status", 400, "count", 1, "model", LLAMA));

        assertOpenAiError(complete(chat(LLAMA, "hi", Map.of())), 400, null, "injected_fault");
    }

    @Test
    void anErrorFaultAnswersAStreamRequestWithJsonBeforeAnyEvent() {
        armFault(Map.of("mode", "error", "status", 503, "count", 1, "model", LLAMA));

        assertOpenAiError(complete(chat(LLAMA, "hi", Map.of("stream", true))), 503, null, "injected_fault");
    }

    @Test
    void aCountedFaultServesExactlyThatManyRequests() {
        armFault(Map.of("mode", "error", "status", 502, "count", 2, "model", LLAMA));

        complete(chat(LLAMA, "hi", Map.of())).statusCode(502);
        complete(chat(LLAMA, "hi", Map.of())).statusCode(502);
        complete(chat(LLAMA, "hi", Map.of())).statusCode(200);
    }

    @Test
    void aFaultArmedUntilClearedKeepsServing() {
        armFault(Map.of("mode", "error", "status", 503, "model", LLAMA));

        for (int i = 0; i < 3; i++) {
            complete(chat(LLAMA, "hi", Map.of())).statusCode(503);
        }
        clearFaults();
        complete(chat(LLAMA, "hi", Map.of())).statusCode(200);
    }

    @Test
    void aModelScopedFaultLeavesOtherModelsAlone() {
        armFault(Map.of("mode", "error", "status", 500, "model", MINI));

        complete(chat(LLAMA, "hi", Map.of())).statusCode(200);
        complete(chat(MINI, "hi", Map.of())).statusCode(500);
    }

    @Test
    void servedFaultsAreCounted() {
        long before = stats().getLong("faults_served");
        armFault(Map.of("mode", "error", "status", 500, "count", 1, "model", LLAMA));

        complete(chat(LLAMA, "hi", Map.of())).statusCode(500);

        assertEquals(before + 1, stats().getLong("faults_served"));
    }

    @Test
    void aDelayFaultHoldsBackEvenTheHeaders() throws IOException {
        armFault(Map.of("mode", "delay", "delay_ms", 400, "count", 1, "model", LLAMA));

        long start = System.nanoTime();
        try (SseConnection connection = post(LLAMA, false).readHead(READ)) {
            long waitedMillis = Duration.ofNanos(System.nanoTime() - start).toMillis();

            assertTrue(waitedMillis >= 400, "headers after " + waitedMillis + " ms");
            assertEquals(200, connection.status());
            assertEquals("You said: one two three four five",
                    JsonPath.from(connection.fixedBody(READ)).getString("choices[0].message.content"));
        }
    }

    @Test
    void aDelayFaultDelaysTheFirstEventOfAStream() throws IOException {
        armFault(Map.of("mode", "delay", "delay_ms", 400, "count", 1, "model", LLAMA));

        long start = System.nanoTime();
        try (SseConnection connection = post(LLAMA, true).readHead(READ)) {
            String first = connection.nextEvent(READ);
            long waitedMillis = Duration.ofNanos(System.nanoTime() - start).toMillis();

            assertTrue(waitedMillis >= 400, "first event after " + waitedMillis + " ms");
            assertEquals("assistant", JsonPath.from(first).getString("choices[0].delta.role"));
        }
    }

    @Test
    void anErrorFaultCanBeDelayedToo() {
        armFault(Map.of("mode", "error", "status", 504, "delay_ms", 300, "count", 1, "model", LLAMA));

        long start = System.nanoTime();
        complete(chat(LLAMA, "hi", Map.of())).statusCode(504);

        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() >= 300);
    }

    @Test
    void aStallFaultSendsTheHeadersAndThenNothing() throws IOException {
        armFault(Map.of("mode", "stall", "count", 1, "model", LLAMA));

        try (SseConnection connection = post(LLAMA, false).readHead(READ)) {
            assertEquals(200, connection.status());
            assertThrows(SocketTimeoutException.class, () -> connection.nextChunk(QUIET));
        }
    }

    @Test
    void aStallFaultOnAStreamSendsAfterChunksEventsAndThenNothing() throws IOException {
        armFault(Map.of("mode", "stall", "after_chunks", 2, "count", 1, "model", LLAMA));

        try (SseConnection connection = post(LLAMA, true).readHead(READ)) {
            assertEquals("assistant", JsonPath.from(connection.nextEvent(READ)).getString("choices[0].delta.role"));
            assertEquals("You", JsonPath.from(connection.nextEvent(READ)).getString("choices[0].delta.content"));
            assertThrows(SocketTimeoutException.class, () -> connection.nextChunk(QUIET));
        }
    }

    @Test
    void aStalledConnectionIsClosedAfterMaxStall() throws IOException {
        armFault(Map.of("mode", "stall", "count", 1, "model", LLAMA));
        long cancelled = stats().getLong("completions_cancelled");

        try (SseConnection connection = post(LLAMA, false).readHead(READ)) {
            // %test max-stall is 3 s.
            assertThrows(EOFException.class, () -> connection.nextChunk(Duration.ofSeconds(10)));
        }
        assertEquals(cancelled, stats().getLong("completions_cancelled"), "the server hung up, not the client");
    }

    @Test
    void aDisconnectFaultClosesTheConnectionWithoutAnAnswer() throws IOException {
        armFault(Map.of("mode", "disconnect", "count", 1, "model", LLAMA));

        try (SseConnection connection = post(LLAMA, false)) {
            assertThrows(EOFException.class, () -> connection.readHead(READ));
        }
    }

    @Test
    void aDisconnectFaultCutsAStreamAfterAfterChunksEvents() throws IOException {
        armFault(Map.of("mode", "disconnect", "after_chunks", 3, "count", 1, "model", LLAMA));
        JsonPath before = stats();

        try (SseConnection connection = post(LLAMA, true).readHead(READ)) {
            for (int i = 0; i < 3; i++) {
                assertTrue(connection.nextEvent(READ).startsWith("{"));
            }
            assertThrows(EOFException.class, () -> connection.nextChunk(READ));
        }
        JsonPath after = stats();
        assertEquals(before.getLong("streams_cancelled"), after.getLong("streams_cancelled"),
                "the server hung up, not the client");
        assertEquals(before.getLong("streams_completed"), after.getLong("streams_completed"));
    }

    @Test
    void aStreamCutAfterMoreEventsThanItHasStillNeverSendsDone() throws IOException {
        armFault(Map.of("mode", "disconnect", "after_chunks", 1000, "count", 1, "model", LLAMA));

        try (SseConnection connection = post(LLAMA, true).readHead(READ)) {
            // role, 8 tokens ("You said: one two three four five"), finish: then the cut.
            for (int i = 0; i < 10; i++) {
                assertTrue(connection.nextEvent(READ).startsWith("{"));
            }
            assertThrows(EOFException.class, () -> connection.nextChunk(READ));
        }
    }
}
