package studio.ainative.devkit.stytch.rest;

/**
 * Request bodies of Stytch's email magic-link API (stytch-node's magicLinks and magicLinks.email
 * types); the responses are {@link EmailSignInApi}'s.
 */
public final class MagicLinksApi {

    private MagicLinksApi() {
    }

    /** Other Stytch fields (expiration minutes, templates, attributes, ...) are accepted and ignored. */
    public record SendRequest(String email, String loginMagicLinkUrl, String signupMagicLinkUrl) {
    }

    public record LoginOrCreateRequest(String email, String loginMagicLinkUrl, String signupMagicLinkUrl,
                                       Boolean createUserAsPending) {
    }

    public record AuthenticateRequest(String token, Integer sessionDurationMinutes) {
    }
}
