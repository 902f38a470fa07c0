package studio.ainative.devkit.stytch.rest;

/** Other Stytch fields (expiration minutes, attributes, ...) are accepted and ignored. */
public record MagicLinkSendRequest(String email, String loginMagicLinkUrl, String signupMagicLinkUrl) {
}
