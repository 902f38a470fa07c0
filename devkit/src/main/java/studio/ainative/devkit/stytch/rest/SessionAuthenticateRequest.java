package studio.ainative.devkit.stytch.rest;

public record SessionAuthenticateRequest(String sessionToken, String sessionJwt, Integer sessionDurationMinutes) {
}
