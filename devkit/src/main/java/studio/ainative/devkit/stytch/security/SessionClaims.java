package studio.ainative.devkit.stytch.security;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import studio.ainative.devkit.stytch.AuthenticationFactor;
import studio.ainative.devkit.stytch.Session;

/** The {@code https://stytch.com/session} claim: the session as Stytch embeds it in a JWT. */
final class SessionClaims {

    static final String CLAIM = "https://stytch.com/session";

    private SessionClaims() {
    }

    static Map<String, Object> of(Session session) {
        Map<String, Object> claim = new LinkedHashMap<>();
        claim.put("id", session.sessionId());
        claim.put("started_at", session.startedAt().toString());
        claim.put("last_accessed_at", session.lastAccessedAt().toString());
        claim.put("expires_at", session.expiresAt().toString());
        claim.put("attributes", Map.of("ip_address", "", "user_agent", ""));
        claim.put("authentication_factors", session.factors().stream().map(SessionClaims::factor).toList());
        return claim;
    }

    private static Map<String, Object> factor(AuthenticationFactor factor) {
        Map<String, Object> claim = new LinkedHashMap<>();
        claim.put("type", AuthenticationFactor.TYPE);
        claim.put("delivery_method", AuthenticationFactor.DELIVERY_METHOD);
        claim.put("last_authenticated_at", factor.lastAuthenticatedAt().toString());
        claim.put("email_factor", Map.of("email_id", factor.emailId(), "email_address", factor.emailAddress()));
        return claim;
    }

    static List<String> audience(String projectId) {
        return List.of(projectId);
    }

    static String issuer(String projectId) {
        return "stytch.com/" + projectId;
    }
}
