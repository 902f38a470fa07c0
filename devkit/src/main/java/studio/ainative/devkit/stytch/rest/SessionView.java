package studio.ainative.devkit.stytch.rest;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import studio.ainative.devkit.stytch.AuthenticationFactor;
import studio.ainative.devkit.stytch.Session;

/** Stytch's session object. */
public record SessionView(
        String sessionId,
        String userId,
        Instant startedAt,
        Instant lastAccessedAt,
        Instant expiresAt,
        Attributes attributes,
        List<Factor> authenticationFactors,
        Map<String, Object> customClaims) {

    /** The emulator records no client attributes; Stytch sends empty strings in that case. */
    public record Attributes(String ipAddress, String userAgent) {
    }

    public record Factor(String type, String deliveryMethod, Instant lastAuthenticatedAt, EmailFactor emailFactor) {
    }

    public record EmailFactor(String emailId, String emailAddress) {
    }

    static SessionView of(Session session) {
        return new SessionView(session.sessionId(), session.userId(), session.startedAt(),
                session.lastAccessedAt(), session.expiresAt(), new Attributes("", ""),
                session.factors().stream().map(SessionView::factor).toList(), Map.of());
    }

    private static Factor factor(AuthenticationFactor factor) {
        return new Factor(AuthenticationFactor.TYPE, AuthenticationFactor.DELIVERY_METHOD,
                factor.lastAuthenticatedAt(), new EmailFactor(factor.emailId(), factor.emailAddress()));
    }
}
