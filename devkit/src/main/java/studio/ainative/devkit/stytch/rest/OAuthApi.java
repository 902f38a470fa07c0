package studio.ainative.devkit.stytch.rest;

import java.util.List;

/** Bodies of Stytch's OAuth authenticate call (stytch-node's oauth types). */
public final class OAuthApi {

    /** The scopes Stytch's Google integration asks for by default. */
    static final List<String> GOOGLE_SCOPES = List.of("openid", "email", "profile");

    private OAuthApi() {
    }

    /** Other Stytch fields (code_verifier, session_token, ...) are accepted and ignored. */
    public record AuthenticateRequest(String token, Integer sessionDurationMinutes) {
    }

    /**
     * devkit holds no Google tokens, so the token members of provider_values are empty strings; a
     * caller that needs Google's API cannot be tested against devkit.
     */
    public record ProviderValues(String accessToken, String refreshToken, String idToken, List<String> scopes) {
    }

    /** As at Stytch, the session object is {@code user_session} here, not {@code session}. */
    public record AuthenticateResponse(
            String requestId,
            String userId,
            String providerSubject,
            String providerType,
            String sessionToken,
            String sessionJwt,
            ProviderValues providerValues,
            UserView user,
            boolean resetSessions,
            String oauthUserRegistrationId,
            int statusCode,
            SessionView userSession) {
    }
}
