package studio.ainative.devkit.stytch.rest;

public record StytchErrorResponse(
        int statusCode, String requestId, String errorType, String errorMessage, String errorUrl) {
}
