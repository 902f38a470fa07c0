package studio.ainative.devkit.stytch.rest;

public record MagicLinkAuthenticateRequest(String token, Integer sessionDurationMinutes) {
}
