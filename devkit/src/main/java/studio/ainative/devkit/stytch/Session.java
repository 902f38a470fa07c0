package studio.ainative.devkit.stytch;

import java.time.Instant;
import java.util.List;

/** A live or expired Stytch session; revoked sessions are deleted rather than flagged. */
public record Session(
        String sessionId,
        String userId,
        String token,
        Instant startedAt,
        Instant lastAccessedAt,
        Instant expiresAt,
        List<AuthenticationFactor> factors) {

    public Session {
        factors = List.copyOf(factors);
    }

    public boolean isLiveAt(Instant now) {
        return now.isBefore(expiresAt);
    }

    public Session accessedAt(Instant now, Instant newExpiresAt) {
        return new Session(sessionId, userId, token, startedAt, now, newExpiresAt, factors);
    }
}
