package studio.ainative.devkit.openai;

/**
 * A request the emulator refuses, carried to the router's failure handler and rendered in OpenAI's
 * envelope {"error": {message, type, param, code}}.
 */
public class OpenAiException extends RuntimeException {

    public static final String INVALID_REQUEST = "invalid_request_error";
    /** Longest piece of caller input quoted back in a message. */
    private static final int MAX_QUOTED = 100;

    private final int status;
    private final String type;
    private final String param;
    private final String code;

    public OpenAiException(int status, String type, String param, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.param = param;
        this.code = code;
    }

    public static OpenAiException invalidRequest(String param, String code, String message) {
        return new OpenAiException(400, INVALID_REQUEST, param, code, message);
    }

    public static OpenAiException missingParameter(String param) {
        return invalidRequest(param, "missing_required_parameter", "Missing required parameter: '" + param + "'.");
    }

    public static OpenAiException invalidJson() {
        return invalidRequest(null, "invalid_json", "We could not parse the JSON body of your request. "
                + "The API expects a JSON payload, but what was sent was not valid JSON.");
    }

    /** The key is never quoted back, right or wrong. */
    public static OpenAiException invalidApiKey(boolean missing) {
        String message = missing
                ? "You didn't provide an API key. You need to provide your API key in an Authorization header "
                        + "using Bearer auth (i.e. Authorization: Bearer YOUR_KEY)."
                : "Incorrect API key provided.";
        return new OpenAiException(401, INVALID_REQUEST, null, "invalid_api_key", message);
    }

    public static OpenAiException modelNotFound(String model, String param) {
        return new OpenAiException(404, INVALID_REQUEST, param, "model_not_found",
                "The model `" + quoted(model) + "` does not exist or you do not have access to it.");
    }

    /** OpenAI answers an unknown route and a known route with the wrong method alike. */
    public static OpenAiException unknownUrl(String method, String path) {
        return new OpenAiException(404, INVALID_REQUEST, null, "unknown_url",
                "Invalid URL (" + method + " " + quoted(path) + ")");
    }

    public static OpenAiException bodyTooLarge() {
        return new OpenAiException(413, INVALID_REQUEST, null, "request_too_large",
                "The request body is larger than this server accepts.");
    }

    /** A failure armed over the fault API, typed as OpenAI types the same status. */
    public static OpenAiException injected(int status) {
        if (status == 429) {
            return new OpenAiException(status, "requests", null, "rate_limit_exceeded",
                    "Rate limit reached (devkit injected fault).");
        }
        if (status >= 500) {
            return new OpenAiException(status, "server_error", null, "injected_fault",
                    "The server had an error while processing your request (devkit injected fault).");
        }
        return new OpenAiException(status, INVALID_REQUEST, null, "injected_fault",
                "The request was refused (devkit injected fault, HTTP " + status + ").");
    }

    public static OpenAiException unexpected() {
        return new OpenAiException(500, "server_error", null, "internal_error",
                "Something went wrong inside the devkit.");
    }

    public static String quoted(String input) {
        return input.length() <= MAX_QUOTED ? input : input.substring(0, MAX_QUOTED) + "...";
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String param() {
        return param;
    }

    public String code() {
        return code;
    }
}
