package studio.ainative.devkit.stytch.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import studio.ainative.devkit.stytch.EmailAddress;
import studio.ainative.devkit.stytch.StytchError;
import studio.ainative.devkit.stytch.StytchException;
import studio.ainative.devkit.stytch.User;
import studio.ainative.devkit.stytch.UserStatus;
import studio.ainative.devkit.stytch.config.StytchConfig;
import studio.ainative.devkit.stytch.repository.UserStore;

/** Session JWTs on demand for tests, skipping the email round trip. */
@ApplicationScoped
public class DevTokenService {

    static final long MAX_LIFETIME_SECONDS = 86_400;
    /**
     * Stytch sessions outlive their JWTs; a short-lived test JWT still needs a live session
     * behind it for /v1/sessions/authenticate to answer.
     */
    static final Duration MIN_SESSION_LIFETIME = Duration.ofMinutes(60);

    private final UserStore users;
    private final SessionService sessions;
    private final StytchConfig config;
    private final ObjectMapper json;
    private final Clock clock;

    public DevTokenService(UserStore users, SessionService sessions, StytchConfig config, ObjectMapper json,
            Clock clock) {
        this.users = users;
        this.sessions = sessions;
        this.config = config;
        this.json = json;
        this.clock = clock;
    }

    public IssuedSession issue(String rawEmail, Long lifetimeSeconds, Map<String, Object> claims,
            Boolean includeEmailFactor) {
        EmailAddress email = EmailAddress.parse(rawEmail);
        Duration jwtLifetime = jwtLifetime(lifetimeSeconds);
        Map<String, Object> extraClaims = boundedClaims(claims);

        String userId = users.loginOrCreate(email, UserStatus.ACTIVE, clock.instant()).user().userId();
        User user = users.update(userId, u -> u.afterSignIn(true))
                .orElseThrow(() -> new IllegalStateException("User vanished: " + userId));
        Duration sessionLifetime = jwtLifetime.compareTo(MIN_SESSION_LIFETIME) > 0 ? jwtLifetime : MIN_SESSION_LIFETIME;
        boolean withEmailFactor = includeEmailFactor == null || includeEmailFactor;
        return sessions.startForDevToken(user, withEmailFactor, sessionLifetime, jwtLifetime, extraClaims);
    }

    private Duration jwtLifetime(Long lifetimeSeconds) {
        if (lifetimeSeconds == null) {
            return config.jwtLifetime();
        }
        if (lifetimeSeconds < 1 || lifetimeSeconds > MAX_LIFETIME_SECONDS) {
            throw new StytchException(StytchError.INVALID_ARGUMENT,
                    "lifetime_seconds must be between 1 and " + MAX_LIFETIME_SECONDS + ".");
        }
        return Duration.ofSeconds(lifetimeSeconds);
    }

    private Map<String, Object> boundedClaims(Map<String, Object> claims) {
        Map<String, Object> bounded = JsonBudget.within(json, claims,
                () -> new StytchException(StytchError.CUSTOM_CLAIMS_TOO_LARGE));
        return bounded == null ? Map.of() : bounded;
    }
}
