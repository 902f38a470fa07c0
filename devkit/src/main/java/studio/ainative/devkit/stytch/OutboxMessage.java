package studio.ainative.devkit.stytch;

import java.time.Instant;

/**
 * What Stytch would have sent (a magic-link or passcode email), or the token its OAuth callback
 * would have handed the browser, kept for tests and developers to read back. {@code token} and
 * {@code url} are set for magic links and OAuth, {@code code} for passcodes.
 */
public record OutboxMessage(
        OutboxKind kind,
        String email,
        String userId,
        String emailId,
        String token,
        String code,
        String url,
        Instant createdAt,
        Instant expiresAt) {

    public static OutboxMessage link(OutboxKind kind, User user, String token, String url, Instant now,
            Instant expiresAt) {
        return new OutboxMessage(kind, user.email().address(), user.userId(), user.email().emailId(), token, null,
                url, now, expiresAt);
    }

    public static OutboxMessage passcode(User user, String code, Instant now, Instant expiresAt) {
        return new OutboxMessage(OutboxKind.OTP, user.email().address(), user.userId(), user.email().emailId(), null,
                code, null, now, expiresAt);
    }
}
