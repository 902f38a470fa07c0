package studio.ainative.devkit.stytch.rest;

public record SessionAuthenticateResponse(
        String requestId, int statusCode, SessionView session, String sessionToken, String sessionJwt, UserView user) {
}
