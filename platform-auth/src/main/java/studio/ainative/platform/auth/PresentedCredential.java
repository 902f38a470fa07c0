package studio.ainative.platform.auth;

import java.util.Locale;

/**
 * The credential a request carries: {@code X-API-Key}, else {@code Authorization: Bearer} (scheme
 * case-insensitive, RFC 7235). {@code X-API-Key} wins when both are sent, so a server that adds its
 * project key to a request that also forwards an end user's header acts as the project, predictably.
 *
 * @param token  the raw credential; never logged
 * @param source which header carried it
 */
public record PresentedCredential(String token, Source source) {

    public static final String API_KEY_HEADER = "X-API-Key";
    static final String API_KEY_PREFIX = "ak_";
    private static final String BEARER = "bearer ";

    public enum Source { API_KEY_HEADER, BEARER }

    /** The credential, or null when neither header carries one. */
    public static PresentedCredential from(String authorization, String apiKey) {
        if (apiKey != null && !apiKey.isBlank()) {
            return new PresentedCredential(apiKey.strip(), Source.API_KEY_HEADER);
        }
        if (authorization == null || authorization.length() <= BEARER.length()
                || !authorization.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
            return null;
        }
        String token = authorization.substring(BEARER.length()).strip();
        return token.isEmpty() ? null : new PresentedCredential(token, Source.BEARER);
    }

    /** RFC 7662 {@code token_type_hint}: project API keys are recognisable by their prefix. */
    public String typeHint() {
        return source == Source.API_KEY_HEADER || token.startsWith(API_KEY_PREFIX) ? "api_key" : "access_token";
    }

    @Override
    public String toString() {
        return "PresentedCredential[source=" + source + "]";
    }
}
