package studio.ainative.chat.rest;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A refusal in OpenAI's error envelope, {@code {"error": {"message", "type", "param", "code"}}}: what the
 * official clients parse into their {@code APIError}. Every answer of this service that is not a success
 * has this shape, with the headers it needs ({@code WWW-Authenticate}, {@code Retry-After},
 * {@code x-ratelimit-*}).
 */
public class OpenAiError extends RuntimeException {

    public static final String INVALID_REQUEST = "invalid_request_error";
    public static final String AUTHENTICATION = "authentication_error";
    public static final String PERMISSION = "permission_error";
    public static final String RATE_LIMIT = "rate_limit_error";
    public static final String UPSTREAM = "upstream_error";
    public static final String SERVER = "server_error";

    private final int status;
    private final String type;
    private final String code;
    private final String param;
    private final Map<String, String> headers;

    public OpenAiError(int status, String type, String code, String param, String message, Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.code = code;
        this.param = param;
        this.headers = Map.copyOf(headers);
    }

    public OpenAiError(int status, String type, String code, String param, String message) {
        this(status, type, code, param, message, Map.of());
    }

    /** 400 {@code invalid_request_error} naming the member at fault. */
    public static OpenAiError invalid(String param, String code, String message) {
        return new OpenAiError(400, INVALID_REQUEST, code, param, message);
    }

    public int status() {
        return status;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public OpenAiError withHeaders(Map<String, String> more) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.putAll(more);
        return new OpenAiError(status, type, code, param, getMessage(), all);
    }

    /** The body: {@code param} and {@code code} are always present, {@code null} when there is none. */
    public Body body() {
        return new Body(new Detail(getMessage(), type, param, code));
    }

    public record Body(Detail error) {
    }

    public record Detail(String message, String type, String param, String code) {
    }
}
