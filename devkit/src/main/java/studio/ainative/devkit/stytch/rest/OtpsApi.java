package studio.ainative.devkit.stytch.rest;

/**
 * Request bodies of Stytch's email one-time passcode API (stytch-node's otps and otps.email
 * types); the responses are {@link EmailSignInApi}'s.
 */
public final class OtpsApi {

    private OtpsApi() {
    }

    /** Other Stytch fields (attributes, locale, templates) are accepted and ignored. */
    public record LoginOrCreateRequest(String email, Integer expirationMinutes, Boolean createUserAsPending) {
    }

    public record SendRequest(String email, Integer expirationMinutes) {
    }

    public record AuthenticateRequest(String methodId, String code, Integer sessionDurationMinutes) {
    }
}
