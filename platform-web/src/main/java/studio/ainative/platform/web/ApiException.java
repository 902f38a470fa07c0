package studio.ainative.platform.web;

/**
 * A request failed in a way the client should know about. Rendered as problem+json with the stable
 * {@code code} by {@link ProblemMappers}; the detail never contains secrets, SQL or internal names.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String code;
    private final Integer retryAfterSeconds;

    public ApiException(int status, String code, String detail) {
        this(status, code, detail, null);
    }

    private ApiException(int status, String code, String detail, Integer retryAfterSeconds) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** Seconds after which the same request may succeed ({@code Retry-After}); null when retrying will not help. */
    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public static ApiException badRequest(String code, String detail) {
        return new ApiException(400, code, detail);
    }

    public static ApiException notFound(String code, String detail) {
        return new ApiException(404, code, detail);
    }

    public static ApiException forbidden(String code, String detail) {
        return new ApiException(403, code, detail);
    }

    public static ApiException conflict(String code, String detail) {
        return new ApiException(409, code, detail);
    }

    /** 429: the caller is over a rate limit; the same request may succeed after {@code retryAfterSeconds}. */
    public static ApiException tooManyRequests(String code, String detail, int retryAfterSeconds) {
        return new ApiException(429, code, detail, retryAfterSeconds);
    }

    /** 503: a dependency is down for now; {@code retryAfterSeconds} null when only an operator can fix it. */
    public static ApiException unavailable(String code, String detail, Integer retryAfterSeconds) {
        return new ApiException(503, code, detail, retryAfterSeconds);
    }
}
