package studio.ainative.chat.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import studio.ainative.chat.upstream.UpstreamAnswer;

/**
 * Relays one upstream stream to the client event by event, as it arrives: never buffered whole, with
 * backpressure (the upstream is paused while the client's write queue is full). Events pass through as the
 * upstream sent them except that the usage chunk this service asked for is read and, unless the client asked
 * for it too, dropped; the first chunk carries {@code memory.used} when memories were recalled; and
 * {@code data: [DONE]} ends the stream. The client going away cancels the upstream request; the upstream
 * breaking off (an error, {@code idle-timeout} of silence) ends the client's stream with an error event,
 * without {@code [DONE]}, so clients report it rather than take a cut-off answer for a whole one.
 */
final class StreamRelay {

    private static final int MAX_EVENT_BYTES = 1024 * 1024;
    private static final Buffer DONE = Buffer.buffer("data: [DONE]\n\n");
    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);

    private final HttpServerResponse out;
    private final UpstreamAnswer.Streaming answer;
    private final ObjectMapper json;
    private final boolean includeUsage;
    private final List<String> memoryIds;
    private final String upstream;
    private final String upstreamModel;
    private final Consumer<Outcome> done;
    private final SseEvents events = new SseEvents(MAX_EVENT_BYTES);
    private boolean first = true;
    private boolean finished;
    private final Vertx vertx;
    private long idleTimer = -1;
    private long promptTokens;
    private long completionTokens;

    StreamRelay(Vertx vertx, HttpServerResponse out, UpstreamAnswer.Streaming answer, ObjectMapper json, boolean includeUsage,
                List<String> memoryIds, String upstream, String upstreamModel, Consumer<Outcome> done) {
        this.vertx = vertx;
        this.out = out;
        this.answer = answer;
        this.json = json;
        this.includeUsage = includeUsage;
        this.memoryIds = memoryIds;
        this.upstream = upstream;
        this.upstreamModel = upstreamModel;
        this.done = done;
    }

    void start(Map<String, String> headers) {
        HttpClientResponse in = answer.response();
        out.setStatusCode(200);
        headers.forEach(out::putHeader);
        out.putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("X-Accel-Buffering", "no")
                .setChunked(true);
        out.closeHandler(closed -> {
            if (!finished) {
                // The client went away: stop the upstream generating for nobody.
                answer.request().reset();
                finish(499);
            }
        });
        in.handler(this::relay);
        in.exceptionHandler(failure -> breakOff("The upstream stream broke off: " + failure.getClass().getSimpleName()));
        in.endHandler(end -> {
            if (!finished) {
                out.end(DONE);
                finish(200);
            }
        });
        relay(answer.first());
        in.resume();
    }

    /**
     * Re-armed at every chunk: {@code idle-timeout} without a byte from the upstream breaks the stream off. The
     * HTTP client's request idle timeout does not end a response that stalls after its head (seen with devkit's
     * stall fault: the client held two events and silence until devkit closed the connection, minutes later).
     * Not armed while the upstream is paused for a slow client: that silence is the client's.
     */
    private void armIdleTimer() {
        cancelIdleTimer();
        if (!finished) {
            long millis = answer.idleTimeoutMillis();
            idleTimer = vertx.setTimer(millis, fired -> {
                idleTimer = -1;
                if (!finished) {
                    answer.request().reset();
                    breakOff("The upstream sent nothing for " + millis + " ms.");
                }
            });
        }
    }

    private void cancelIdleTimer() {
        if (idleTimer >= 0) {
            vertx.cancelTimer(idleTimer);
            idleTimer = -1;
        }
    }

    private void relay(Buffer bytes) {
        if (finished) {
            return;
        }
        armIdleTimer();
        List<String> data;
        try {
            data = events.feed(bytes);
        } catch (IllegalStateException tooLong) {
            answer.request().reset();
            breakOff("The upstream sent an event too large to relay.");
            return;
        }
        for (String event : data) {
            if (!"[DONE]".equals(event)) {
                forward(event);
            }
        }
        if (out.writeQueueFull()) {
            cancelIdleTimer();
            answer.response().pause();
            out.drainHandler(drained -> {
                armIdleTimer();
                answer.response().resume();
            });
        }
    }

    private void forward(String event) {
        boolean hasUsage = event.contains("\"usage\":{") || event.contains("\"usage\": {");
        if (!first && !hasUsage) {
            write(event);
            return;
        }
        JsonNode chunk;
        try {
            chunk = json.readTree(event);
        } catch (IOException notJson) {
            write(event);
            return;
        }
        if (!(chunk instanceof ObjectNode object)) {
            write(event);
            return;
        }
        JsonNode usage = object.path("usage");
        if (usage.isObject()) {
            promptTokens = usage.path("prompt_tokens").asLong(promptTokens);
            completionTokens = usage.path("completion_tokens").asLong(completionTokens);
            if (!includeUsage) {
                if (object.path("choices").isEmpty()) {
                    return; // the usage chunk only this service asked for
                }
                object.remove("usage");
            }
        }
        if (first && memoryIds != null) {
            object.putObject("memory").set("used", json.valueToTree(memoryIds));
        }
        first = false;
        try {
            writeBytes(json.writeValueAsBytes(object));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void write(String event) {
        first = false;
        writeBytes(event.getBytes(StandardCharsets.UTF_8));
    }

    private void writeBytes(byte[] payload) {
        out.write(Buffer.buffer(DATA.length + payload.length + END.length).appendBytes(DATA).appendBytes(payload).appendBytes(END));
    }

    private void breakOff(String message) {
        if (finished) {
            return;
        }
        if (!out.closed()) {
            String error = "{\"error\":{\"message\":\"" + message + "\",\"type\":\"upstream_error\",\"param\":null,\"code\":\"upstream_stream_broken\"}}";
            writeBytes(error.getBytes(StandardCharsets.UTF_8));
            out.end();
        }
        finish(502);
    }

    private void finish(int status) {
        if (finished) {
            return;
        }
        finished = true;
        cancelIdleTimer();
        done.accept(new Outcome(status, upstream, upstreamModel, promptTokens, completionTokens));
    }
}
