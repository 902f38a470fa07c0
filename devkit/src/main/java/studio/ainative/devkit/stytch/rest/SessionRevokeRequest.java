package studio.ainative.devkit.stytch.rest;

public record SessionRevokeRequest(String sessionId, String sessionToken, String sessionJwt) {
}
