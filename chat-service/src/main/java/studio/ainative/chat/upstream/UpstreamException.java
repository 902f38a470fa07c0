package studio.ainative.chat.upstream;

import io.vertx.core.buffer.Buffer;
import java.util.Optional;

/**
 * An upstream call that did not give an answer to relay. {@link #retryable()} failures (no connection, a
 * timeout, a 5xx or a 429, a broken response) are retried and fall back to the next upstream; any other
 * 4xx is the request's fault and goes back to the client as it is.
 */
public final class UpstreamException extends RuntimeException {

    /** What went wrong, for the client's error and for metrics. */
    public enum Kind { CONNECT, STATUS, BROKEN, TOO_LARGE }

    private final String upstream;
    private final Kind kind;
    private final int status;
    private final Buffer body;
    private final String retryAfter;

    private UpstreamException(String upstream, Kind kind, int status, Buffer body, String retryAfter, String message, Throwable cause) {
        super(message, cause, false, false);
        this.upstream = upstream;
        this.kind = kind;
        this.status = status;
        this.body = body;
        this.retryAfter = retryAfter;
    }

    public static UpstreamException connect(String upstream, Throwable cause) {
        return new UpstreamException(upstream, Kind.CONNECT, 0, null, null, "upstream " + upstream + " unreachable: " + cause, cause);
    }

    public static UpstreamException status(String upstream, int status, Buffer body, String retryAfter) {
        return new UpstreamException(upstream, Kind.STATUS, status, body, retryAfter, "upstream " + upstream + " answered " + status, null);
    }

    public static UpstreamException broken(String upstream, String what, Throwable cause) {
        return new UpstreamException(upstream, Kind.BROKEN, 0, null, null, "upstream " + upstream + ": " + what, cause);
    }

    public static UpstreamException tooLarge(String upstream, int limit) {
        return new UpstreamException(upstream, Kind.TOO_LARGE, 0, null, null, "upstream " + upstream + " answered more than " + limit + " bytes", null);
    }

    public String upstream() {
        return upstream;
    }

    public Kind kind() {
        return kind;
    }

    /** The upstream's HTTP status, 0 when it gave none. */
    public int status() {
        return status;
    }

    /** The upstream's error body (bounded), when it answered one. */
    public Optional<Buffer> body() {
        return Optional.ofNullable(body);
    }

    public Optional<String> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** Worth another attempt, on this upstream or the next: everything but a 4xx other than 408 and 429. */
    public boolean retryable() {
        return kind != Kind.STATUS || status >= 500 || status == 408 || status == 429;
    }
}
