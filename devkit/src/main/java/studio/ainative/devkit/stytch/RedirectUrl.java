package studio.ainative.devkit.stytch;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a magic link or an OAuth callback sends the user; the token goes in the query string the
 * way Stytch puts it ({@code stytch_token_type=<type>&token=<token>}).
 */
public record RedirectUrl(String base) {

    static final int MAX_LENGTH = 2048;

    /** Empty when the caller named no URL; an unusable URL is the caller's error. */
    public static Optional<RedirectUrl> parseOptional(String raw, StytchError whenInvalid) {
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        if (raw.length() > MAX_LENGTH || !isAbsoluteHttpUrl(raw)) {
            throw new StytchException(whenInvalid);
        }
        return Optional.of(new RedirectUrl(raw));
    }

    /** {@code ${base}/authenticate}, where links point when the caller names no URL. */
    public static RedirectUrl authenticatePageOf(String publicBaseUrl) {
        String base = publicBaseUrl.endsWith("/") ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1) : publicBaseUrl;
        return new RedirectUrl(base + "/authenticate");
    }

    /** New users go to the signup URL and returning ones to the login URL; each falls back to the other. */
    public static RedirectUrl choose(boolean signup, Optional<RedirectUrl> login, Optional<RedirectUrl> signupUrl,
            String publicBaseUrl) {
        return (signup ? signupUrl.or(() -> login) : login.or(() -> signupUrl))
                .orElseGet(() -> authenticatePageOf(publicBaseUrl));
    }

    public String withToken(String tokenType, String token) {
        String separator = base.contains("?") ? "&" : "?";
        return base + separator + "stytch_token_type=" + tokenType + "&token=" + token;
    }

    private static boolean isAbsoluteHttpUrl(String raw) {
        try {
            URI uri = new URI(raw);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
