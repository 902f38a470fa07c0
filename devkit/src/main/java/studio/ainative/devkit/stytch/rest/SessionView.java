package studio.ainative.devkit.stytch.rest;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import studio.ainative.devkit.stytch.Session;
import studio.ainative.devkit.stytch.security.SessionClaims;

/** Stytch's session object; its factors read exactly as in the session JWT's claim. */
public record SessionView(
        String sessionId,
        String userId,
        Instant startedAt,
        Instant lastAccessedAt,
        Instant expiresAt,
        Attributes attributes,
        List<Map<String, Object>> authenticationFactors,
        Map<String, Object> customClaims,
        List<String> roles) {

    /** The emulator records no client attributes; Stytch sends empty strings in that case. */
    public record Attributes(String ipAddress, String userAgent) {
    }

    static SessionView of(Session session) {
        return new SessionView(session.sessionId(), session.userId(), session.startedAt(),
                session.lastAccessedAt(), session.expiresAt(), new Attributes("", ""),
                SessionClaims.factors(session), Map.of(), SessionClaims.ROLES);
    }
}
