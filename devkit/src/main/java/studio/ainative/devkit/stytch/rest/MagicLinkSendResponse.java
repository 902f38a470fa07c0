package studio.ainative.devkit.stytch.rest;

public record MagicLinkSendResponse(String requestId, String userId, String emailId, int statusCode) {
}
