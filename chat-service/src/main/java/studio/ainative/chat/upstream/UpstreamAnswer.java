package studio.ainative.chat.upstream;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;

/** An upstream's successful answer, before anything of it reached the client. */
public sealed interface UpstreamAnswer {

    /** A whole, non-streamed answer (bounded by the upstream's {@code max-response-bytes}). */
    record Complete(int status, Buffer body) implements UpstreamAnswer {
    }

    /**
     * A stream whose first bytes arrived: {@code response} is paused after {@code first}; whoever relays it sets
     * its handlers and resumes it, cancels {@code request} ({@code reset}) when the client goes away, and ends it
     * after {@code idleTimeoutMillis} without a byte from the upstream (its {@code idle-timeout}).
     */
    record Streaming(HttpClientRequest request, HttpClientResponse response, Buffer first, long idleTimeoutMillis)
            implements UpstreamAnswer {
    }
}
