package studio.ainative.devkit.stytch.rest;

/** Without a session, Stytch answers with empty token strings and a null session. */
public record MagicLinkAuthenticateResponse(
        String requestId,
        int statusCode,
        String userId,
        String methodId,
        String sessionToken,
        String sessionJwt,
        SessionView session,
        UserView user) {
}
