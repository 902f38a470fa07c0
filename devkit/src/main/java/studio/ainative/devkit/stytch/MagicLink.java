package studio.ainative.devkit.stytch;

import java.time.Instant;

/** A single-use magic-link token and the user email it proves. */
public record MagicLink(String token, String userId, String emailId, Instant expiresAt, boolean used) {

    public boolean isExpiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    public MagicLink asUsed() {
        return new MagicLink(token, userId, emailId, expiresAt, true);
    }
}
