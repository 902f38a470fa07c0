package studio.ainative.devkit.stytch.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import studio.ainative.devkit.stytch.AuthenticationFactor;
import studio.ainative.devkit.stytch.SessionDuration;
import studio.ainative.devkit.stytch.StytchError;
import studio.ainative.devkit.stytch.StytchException;
import studio.ainative.devkit.stytch.User;
import studio.ainative.devkit.stytch.config.StytchConfig;
import studio.ainative.devkit.stytch.repository.UserStore;

/**
 * What every sign-in method shares: Stytch's user lock (consecutive failures lock the user, and
 * a locked user cannot sign in by any method) and the finish of a success (the user is activated
 * and unlocked, and a session starts if one was asked for).
 */
@ApplicationScoped
public class SignIns {

    /** A successful sign-in: the user as it now stands and the session, if one was asked for. */
    public record SignedIn(User user, Optional<IssuedSession> session) {
    }

    /** A sign-in by a link or code sent to an email; {@code methodId} is that email's id. */
    public record EmailSignIn(SignedIn signedIn, String methodId) {
    }

    /** The factor a sign-in proved, made once the user and the time of the success are known. */
    @FunctionalInterface
    public interface FactorOf {
        AuthenticationFactor of(User user, Instant at);
    }

    private final UserStore users;
    private final SessionService sessions;
    private final StytchConfig config;
    private final Clock clock;

    public SignIns(UserStore users, SessionService sessions, StytchConfig config, Clock clock) {
        this.users = users;
        this.sessions = sessions;
        this.config = config;
        this.clock = clock;
    }

    /**
     * The user about to sign in, refused with 429 while locked. A user that vanished (deleted)
     * makes the credential that named it unknown: {@code whenGone} says how.
     */
    public User unlockedUser(String userId, Supplier<StytchException> whenGone) {
        User user = users.findById(userId).orElseThrow(whenGone);
        if (user.lock().isActiveAt(clock.instant())) {
            throw new StytchException(StytchError.USER_LOCK_LIMIT_REACHED);
        }
        return user;
    }

    /** A wrong passcode or password: one more in the user's run, which may lock them. */
    public void recordFailure(String userId) {
        users.update(userId, user -> user.withLock(user.lock().afterFailure(clock.instant(), config.lockPolicy())));
    }

    /**
     * @param provesEmail whether the method showed the user controls the inbox (magic links,
     *                    email OTP, Google), which verifies the email
     */
    public SignedIn succeed(String userId, boolean provesEmail, FactorOf factor, Optional<SessionDuration> duration,
            Supplier<StytchException> whenGone) {
        User user = users.update(userId, u -> u.afterSignIn(provesEmail)).orElseThrow(whenGone);
        return new SignedIn(user, duration.map(d -> sessions.start(user, factor.of(user, clock.instant()), d)));
    }
}
