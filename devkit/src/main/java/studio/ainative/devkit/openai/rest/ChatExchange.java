package studio.ainative.devkit.openai.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Optional;
import studio.ainative.devkit.openai.Completion;
import studio.ainative.devkit.openai.Fault;
import studio.ainative.devkit.openai.OpenAiException;
import studio.ainative.devkit.openai.OpenAiIds;
import studio.ainative.devkit.openai.service.UpstreamStats;

/**
 * Sends one chat completion, over time, on the event loop of its connection: an armed fault's
 * delay first, then the JSON answer, or the SSE stream one event per write, or the fault's error,
 * stall or disconnect. Every step runs on that one event loop, so the state needs no locking.
 * <p>
 * A stream writes its next event only once the previous one has reached the socket, so a slow
 * reader holds the stream back instead of filling memory, and a closed connection is noticed at the
 * next step: the close handler counts a client that left before the end, and stops all timers.
 */
final class ChatExchange {

    static final String EVENT_STREAM = "text/event-stream; charset=utf-8";
    private static final Buffer DONE = Buffer.buffer("data: [DONE]\n\n");
    private static final long NO_TIMER = -1;

    private final RoutingContext ctx;
    private final HttpServerResponse response;
    private final Vertx vertx;
    private final Context context;
    private final ObjectMapper json;
    private final UpstreamStats stats;
    private final Completion completion;
    private final Optional<Fault> fault;
    private final boolean stream;
    private final String id = OpenAiIds.completionId();
    private final long created;
    private final ChunkSequence chunks;
    private final long chunkDelayMillis;
    private final long maxStallMillis;

    private long sent;
    private long timer = NO_TIMER;
    /** Set once the exchange has ended one way or another; later events are ignored. */
    private boolean over;

    ChatExchange(RoutingContext ctx, ObjectMapper json, UpstreamStats stats, Completion completion,
            Optional<Fault> fault, boolean stream, boolean includeUsage, long created, Duration chunkDelay,
            Duration maxStall) {
        this.ctx = ctx;
        this.response = ctx.response();
        this.vertx = ctx.vertx();
        this.context = vertx.getOrCreateContext();
        this.json = json;
        this.stats = stats;
        this.completion = completion;
        this.fault = fault;
        this.stream = stream;
        this.created = created;
        this.chunks = new ChunkSequence(id, created, completion, includeUsage);
        this.chunkDelayMillis = chunkDelay.toMillis();
        this.maxStallMillis = maxStall.toMillis();
    }

    void start() {
        response.closeHandler(closed -> clientLeft());
        long delay = fault.map(armed -> armed.delay().toMillis()).orElse(0L);
        if (delay > 0) {
            after(delay, this::act);
        } else {
            act();
        }
    }

    /** What follows a fault's delay; without a fault, or after a DELAY fault, that is the answer. */
    private void act() {
        if (over) {
            return;
        }
        Fault.Mode mode = fault.map(Fault::mode).orElse(null);
        if (mode == Fault.Mode.ERROR) {
            injectedError(fault.get().status());
        } else if (stream) {
            startBody(EVENT_STREAM);
            sendNext();
        } else if (mode == Fault.Mode.STALL) {
            startBody(JsonBodies.APPLICATION_JSON);
            stall();
        } else if (mode == Fault.Mode.DISCONNECT) {
            closeConnection();
        } else {
            over = true;
            JsonBodies.send(ctx, 200, ChatApi.ChatCompletion.of(id, created, completion), json)
                    .onComplete(ended -> countEnd(ended.succeeded(), UpstreamStats.Event.COMPLETION_SERVED));
        }
    }

    /** Headers go out at once, so a client sees the response start even if nothing follows. */
    private void startBody(String contentType) {
        response.setChunked(true)
                .putHeader(HttpHeaders.CONTENT_TYPE, contentType)
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
        response.writeHead();
    }

    private void sendNext() {
        if (over) {
            return;
        }
        if (faultStopsStreamHere()) {
            if (fault.get().mode() == Fault.Mode.STALL) {
                stall();
            } else {
                closeConnection();
            }
        } else if (chunks.hasNext()) {
            Buffer event = Buffer.buffer("data: ").appendBuffer(JsonBodies.write(chunks.next(), json))
                    .appendString("\n\n");
            response.write(event).onSuccess(written -> {
                sent++;
                scheduleNext();
            });
        } else {
            over = true;
            response.end(DONE).onComplete(ended -> countEnd(ended.succeeded(), UpstreamStats.Event.STREAM_COMPLETED));
        }
    }

    private void scheduleNext() {
        if (chunkDelayMillis > 0) {
            after(chunkDelayMillis, this::sendNext);
        } else {
            // A write can complete synchronously; going through the event loop keeps the stack flat.
            context.runOnContext(next -> sendNext());
        }
    }

    /** A stall or disconnect cuts the stream after after_chunks events, and never lets [DONE] out. */
    private boolean faultStopsStreamHere() {
        return fault.filter(armed -> armed.mode() == Fault.Mode.STALL || armed.mode() == Fault.Mode.DISCONNECT)
                .map(armed -> sent >= armed.afterChunks() || !chunks.hasNext())
                .orElse(false);
    }

    /** Sends nothing more; the client gives up first, or the connection is closed after max-stall. */
    private void stall() {
        after(maxStallMillis, this::closeConnection);
    }

    private void injectedError(int status) {
        over = true;
        if (status == 429 || status == 503) {
            response.putHeader(HttpHeaders.RETRY_AFTER, "1");
        }
        JsonBodies.send(ctx, status, OpenAiErrorResponse.of(OpenAiException.injected(status)), json);
    }

    private void closeConnection() {
        over = true;
        cancelTimer();
        ctx.request().connection().close();
    }

    private void clientLeft() {
        if (over) {
            return;
        }
        over = true;
        cancelTimer();
        stats.record(UpstreamStats.cancelled(stream));
    }

    /** The last write failing means the client left while it was on its way. */
    private void countEnd(boolean delivered, UpstreamStats.Event completed) {
        stats.record(delivered ? completed : UpstreamStats.cancelled(stream));
    }

    /** One timer at a time: each step schedules at most the next. */
    private void after(long millis, Runnable step) {
        timer = vertx.setTimer(millis, fired -> {
            timer = NO_TIMER;
            step.run();
        });
    }

    private void cancelTimer() {
        if (timer != NO_TIMER) {
            vertx.cancelTimer(timer);
            timer = NO_TIMER;
        }
    }
}
