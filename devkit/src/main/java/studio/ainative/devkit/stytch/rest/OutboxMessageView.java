package studio.ainative.devkit.stytch.rest;

import java.time.Instant;
import studio.ainative.devkit.stytch.OutboxMessage;

public record OutboxMessageView(
        String email, String userId, String emailId, String token, String url, Instant createdAt, Instant expiresAt) {

    static OutboxMessageView of(OutboxMessage message) {
        return new OutboxMessageView(message.email(), message.userId(), message.emailId(), message.token(),
                message.url(), message.createdAt(), message.expiresAt());
    }
}
