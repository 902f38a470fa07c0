package studio.ainative.devkit.stytch;

import java.time.Instant;

/**
 * A user's run of failed authentication attempts and the lock it may have earned. A success while
 * no lock is active clears the run; once a lock has expired the next attempt starts a new run.
 */
public record UserLock(int consecutiveFailures, Instant lockedAt, Instant lockedUntil) {

    public static final UserLock NONE = new UserLock(0, null, null);

    public boolean isActiveAt(Instant now) {
        return lockedUntil != null && now.isBefore(lockedUntil);
    }

    /** The failure that reaches the threshold creates the lock; the attempts after it are refused. */
    public UserLock afterFailure(Instant now, LockPolicy policy) {
        if (isActiveAt(now)) {
            return this;
        }
        int failures = (lockedUntil == null ? consecutiveFailures : 0) + 1;
        if (failures >= policy.threshold()) {
            return new UserLock(failures, now, now.plus(policy.ttl()));
        }
        return new UserLock(failures, null, null);
    }
}
