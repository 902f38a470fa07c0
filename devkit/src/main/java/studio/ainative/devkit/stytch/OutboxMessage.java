package studio.ainative.devkit.stytch;

import java.time.Instant;

/** The magic-link email Stytch would have sent, kept for tests and developers to read back. */
public record OutboxMessage(
        String email, String userId, String emailId, String token, String url, Instant createdAt, Instant expiresAt) {
}
