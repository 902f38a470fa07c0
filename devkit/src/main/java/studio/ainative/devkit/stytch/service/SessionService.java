package studio.ainative.devkit.stytch.service;

import static studio.ainative.devkit.stytch.service.BoundedArguments.MAX_JWT_LENGTH;
import static studio.ainative.devkit.stytch.service.BoundedArguments.MAX_TOKEN_LENGTH;
import static studio.ainative.devkit.stytch.service.BoundedArguments.bounded;
import static studio.ainative.devkit.stytch.service.BoundedArguments.isPresent;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import studio.ainative.devkit.stytch.AuthenticationFactor;
import studio.ainative.devkit.stytch.Session;
import studio.ainative.devkit.stytch.SessionDuration;
import studio.ainative.devkit.stytch.StytchError;
import studio.ainative.devkit.stytch.StytchException;
import studio.ainative.devkit.stytch.StytchIds;
import studio.ainative.devkit.stytch.User;
import studio.ainative.devkit.stytch.config.StytchConfig;
import studio.ainative.devkit.stytch.repository.SessionStore;
import studio.ainative.devkit.stytch.repository.UserStore;
import studio.ainative.devkit.stytch.security.SecureTokens;
import studio.ainative.devkit.stytch.security.SessionJwtIssuer;
import studio.ainative.devkit.stytch.security.SessionJwtVerifier;

/** Starts, authenticates, extends and revokes sessions the way Stytch's sessions API does. */
@ApplicationScoped
public class SessionService {

    private final SessionStore sessions;
    private final UserStore users;
    private final SessionJwtIssuer issuer;
    private final SessionJwtVerifier verifier;
    private final StytchConfig config;
    private final Clock clock;

    public SessionService(SessionStore sessions, UserStore users, SessionJwtIssuer issuer,
            SessionJwtVerifier verifier, StytchConfig config, Clock clock) {
        this.sessions = sessions;
        this.users = users;
        this.issuer = issuer;
        this.verifier = verifier;
        this.config = config;
        this.clock = clock;
    }

    /** A session after a sign-in, with the factor that sign-in proved; it starts when the factor was proved. */
    public IssuedSession start(User user, AuthenticationFactor factor, SessionDuration duration) {
        return start(user, List.of(factor), factor.lastAuthenticatedAt(), duration.toDuration(), config.jwtLifetime(),
                Map.of());
    }

    /**
     * A session for a test token. Without the email factor the JWT carries no email at all, which
     * is how callers' fallback to /v1/sessions/authenticate for the email gets exercised.
     */
    public IssuedSession startForDevToken(User user, boolean withEmailFactor, Duration sessionLifetime,
            Duration jwtLifetime, Map<String, Object> extraClaims) {
        Instant now = clock.instant();
        List<AuthenticationFactor> factors = withEmailFactor
                ? List.of(AuthenticationFactor.magicLink(user.email(), now))
                : List.of();
        return start(user, factors, now, sessionLifetime, jwtLifetime, extraClaims);
    }

    /** The user's live sessions, oldest first (Stytch's GET /v1/sessions). */
    public List<Session> liveSessionsOf(User user) {
        return sessions.liveSessionsOf(user.userId(), clock.instant());
    }

    public IssuedSession authenticate(String sessionToken, String sessionJwt, Optional<SessionDuration> extension) {
        boolean byToken = isPresent(sessionToken);
        boolean byJwt = isPresent(sessionJwt);
        if (!byToken && !byJwt) {
            throw new StytchException(StytchError.NO_SESSION_ARGUMENTS);
        }
        if (byToken && byJwt) {
            throw new StytchException(StytchError.TOO_MANY_SESSION_ARGUMENTS);
        }
        Optional<Session> found = byToken ? findByToken(sessionToken) : findByJwt(sessionJwt);
        Instant now = clock.instant();
        Session session = found.filter(s -> s.isLiveAt(now)).orElseThrow(SessionService::sessionNotFound);

        Instant expiresAt = extension.map(d -> now.plus(d.toDuration())).orElse(session.expiresAt());
        Session accessed = sessions.recordAccess(session.sessionId(), now, expiresAt)
                .orElseThrow(SessionService::sessionNotFound);
        User user = users.findById(accessed.userId()).orElseThrow(SessionService::sessionNotFound);
        return new IssuedSession(accessed, issuer.mint(accessed, now, config.jwtLifetime()), user);
    }

    public void revoke(String sessionId, String sessionToken, String sessionJwt) {
        long given = Stream.of(sessionId, sessionToken, sessionJwt).filter(BoundedArguments::isPresent).count();
        if (given == 0) {
            throw new StytchException(StytchError.NO_SESSION_REVOKE_ARGUMENTS);
        }
        if (given > 1) {
            throw new StytchException(StytchError.TOO_MANY_SESSION_REVOKE_ARGUMENTS);
        }
        Optional<Session> session;
        if (isPresent(sessionId)) {
            session = sessions.findById(bounded(sessionId, MAX_TOKEN_LENGTH, StytchError.INVALID_SESSION_ID));
        } else if (isPresent(sessionToken)) {
            session = findByToken(sessionToken);
        } else {
            session = findByJwt(sessionJwt);
        }
        if (session.isEmpty() || !sessions.delete(session.get().sessionId())) {
            throw sessionNotFound();
        }
    }

    private IssuedSession start(User user, List<AuthenticationFactor> factors, Instant now, Duration sessionLifetime,
            Duration jwtLifetime, Map<String, Object> extraClaims) {
        Session session = new Session(StytchIds.sessionId(), user.userId(), SecureTokens.next(),
                now, now, now.plus(sessionLifetime), factors);
        sessions.save(session);
        return new IssuedSession(session, issuer.mint(session, now, jwtLifetime, extraClaims), user);
    }

    private Optional<Session> findByToken(String sessionToken) {
        return sessions.findByToken(bounded(sessionToken, MAX_TOKEN_LENGTH, StytchError.INVALID_SESSION_TOKEN));
    }

    private Optional<Session> findByJwt(String sessionJwt) {
        String jwt = bounded(sessionJwt, MAX_JWT_LENGTH, StytchError.INVALID_SESSION_JWT);
        return sessions.findById(verifier.sessionIdOf(jwt));
    }

    private static StytchException sessionNotFound() {
        return new StytchException(StytchError.SESSION_NOT_FOUND);
    }
}
