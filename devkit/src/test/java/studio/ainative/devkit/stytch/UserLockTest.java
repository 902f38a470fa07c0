package studio.ainative.devkit.stytch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class UserLockTest {

    private static final LockPolicy POLICY = new LockPolicy(3, Duration.ofHours(1));
    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

    private static UserLock failures(int count, Instant at) {
        UserLock lock = UserLock.NONE;
        for (int i = 0; i < count; i++) {
            lock = lock.afterFailure(at, POLICY);
        }
        return lock;
    }

    @Test
    void failuresBelowTheThresholdDoNotLock() {
        UserLock lock = failures(2, NOW);

        assertFalse(lock.isActiveAt(NOW));
        assertEquals(2, lock.consecutiveFailures());
    }

    @Test
    void theFailureThatReachesTheThresholdLocksForTheTtl() {
        UserLock lock = failures(3, NOW);

        assertTrue(lock.isActiveAt(NOW));
        assertEquals(NOW, lock.lockedAt());
        assertTrue(lock.isActiveAt(NOW.plus(Duration.ofMinutes(59))));
        assertFalse(lock.isActiveAt(NOW.plus(Duration.ofHours(1))));
    }

    @Test
    void failuresDuringALockDoNotExtendIt() {
        UserLock lock = failures(3, NOW).afterFailure(NOW.plus(Duration.ofMinutes(30)), POLICY);

        assertEquals(NOW.plus(Duration.ofHours(1)), lock.lockedUntil());
    }

    @Test
    void afterALockExpiresTheCountStartsAgain() {
        Instant later = NOW.plus(Duration.ofHours(2));
        UserLock lock = failures(3, NOW).afterFailure(later, POLICY);

        assertFalse(lock.isActiveAt(later));
        assertEquals(1, lock.consecutiveFailures());
    }

    @Test
    void aSuccessfulSignInClearsTheRun() {
        User user = User.create(EmailAddress.parse("lock@example.com"), NOW, UserStatus.ACTIVE)
                .withLock(failures(2, NOW));

        assertEquals(UserLock.NONE, user.afterSignIn(false).lock());
    }

    @Test
    void thePolicyKeepsStytchsBounds() {
        assertThrows(IllegalArgumentException.class, () -> new LockPolicy(0, Duration.ofHours(1)));
        assertThrows(IllegalArgumentException.class, () -> new LockPolicy(101, Duration.ofHours(1)));
        assertThrows(IllegalArgumentException.class, () -> new LockPolicy(10, Duration.ofSeconds(30)));
    }
}
