package studio.ainative.devkit.stytch.rest;

import java.time.Instant;

/** {@code expiresAt} is the JWT's standard exp, before any claim override. */
public record DevTokenResponse(
        String sessionJwt, String sessionToken, String sessionId, String userId, String email, String kid,
        Instant expiresAt) {
}
