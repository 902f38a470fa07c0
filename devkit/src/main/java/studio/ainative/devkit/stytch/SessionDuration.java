package studio.ainative.devkit.stytch;

import java.time.Duration;
import java.util.Optional;

/** A session lifetime requested through session_duration_minutes, within Stytch's bounds. */
public record SessionDuration(int minutes) {

    static final int MIN_MINUTES = 5;
    static final int MAX_MINUTES = 527_040; // 366 days

    public SessionDuration {
        if (minutes < MIN_MINUTES || minutes > MAX_MINUTES) {
            throw new StytchException(StytchError.INVALID_SESSION_DURATION_MINUTES);
        }
    }

    /** Absent means the caller asked for no session (or no extension). */
    public static Optional<SessionDuration> ofNullable(Integer minutes) {
        return Optional.ofNullable(minutes).map(SessionDuration::new);
    }

    public Duration toDuration() {
        return Duration.ofMinutes(minutes);
    }
}
