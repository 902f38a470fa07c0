package studio.ainative.devkit.stytch;

import java.time.Duration;

/**
 * Stytch's user lock settings: after {@code threshold} consecutive failed authentication attempts
 * the user is locked for {@code ttl}. Stytch's defaults are 10 attempts and one hour.
 */
public record LockPolicy(int threshold, Duration ttl) {

    public LockPolicy {
        if (threshold < 1 || threshold > 100) {
            throw new IllegalArgumentException("The user lock threshold must be 1..100, as at Stytch: " + threshold);
        }
        if (ttl.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException("The user lock TTL must be at least a minute: " + ttl);
        }
    }
}
