package studio.ainative.devkit.stytch;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/** Where a magic link points; the token goes in the query string the way Stytch puts it. */
public record MagicLinkUrl(String base) {

    static final int MAX_LENGTH = 2048;

    /** Empty when the caller named no URL; an unusable URL is the caller's error. */
    public static Optional<MagicLinkUrl> parseOptional(String raw, StytchError whenInvalid) {
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        if (raw.length() > MAX_LENGTH || !isAbsoluteHttpUrl(raw)) {
            throw new StytchException(whenInvalid);
        }
        return Optional.of(new MagicLinkUrl(raw));
    }

    public String withToken(String token) {
        String separator = base.contains("?") ? "&" : "?";
        return base + separator + "stytch_token_type=magic_links&token=" + token;
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
