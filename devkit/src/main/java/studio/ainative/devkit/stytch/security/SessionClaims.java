package studio.ainative.devkit.stytch.security;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import studio.ainative.devkit.stytch.AuthenticationFactor;
import studio.ainative.devkit.stytch.Session;

/**
 * The {@code https://stytch.com/session} claim: the session as Stytch embeds it in a JWT. Its
 * authentication factors are built here once and reused by the REST session object, so a factor
 * reads the same in a JWT and in an API response.
 */
public final class SessionClaims {

    static final String CLAIM = "https://stytch.com/session";
    /** Stytch gives every consumer user its predefined stytch_user role. */
    public static final List<String> ROLES = List.of("stytch_user");

    private SessionClaims() {
    }

    static Map<String, Object> of(Session session) {
        Map<String, Object> claim = new LinkedHashMap<>();
        claim.put("id", session.sessionId());
        claim.put("started_at", session.startedAt().toString());
        claim.put("last_accessed_at", session.lastAccessedAt().toString());
        claim.put("expires_at", session.expiresAt().toString());
        claim.put("attributes", Map.of("ip_address", "", "user_agent", ""));
        claim.put("authentication_factors", factors(session));
        claim.put("roles", ROLES);
        return claim;
    }

    /** Each factor in Stytch's shape; a factor object (email_factor, google_oauth_factor) only where it applies. */
    public static List<Map<String, Object>> factors(Session session) {
        return session.factors().stream().map(SessionClaims::factor).toList();
    }

    private static Map<String, Object> factor(AuthenticationFactor factor) {
        Map<String, Object> claim = new LinkedHashMap<>();
        claim.put("type", factor.type());
        claim.put("delivery_method", factor.deliveryMethod());
        claim.put("last_authenticated_at", factor.lastAuthenticatedAt().toString());
        claim.put("created_at", factor.createdAt().toString());
        claim.put("updated_at", factor.updatedAt().toString());
        if (factor.emailFactor() != null) {
            claim.put("email_factor", Map.of(
                    "email_id", factor.emailFactor().emailId(),
                    "email_address", factor.emailFactor().emailAddress()));
        }
        if (factor.googleOAuthFactor() != null) {
            claim.put("google_oauth_factor", Map.of(
                    "id", factor.googleOAuthFactor().registrationId(),
                    "provider_subject", factor.googleOAuthFactor().providerSubject(),
                    "email_id", factor.googleOAuthFactor().emailId()));
        }
        return claim;
    }

    static List<String> audience(String projectId) {
        return List.of(projectId);
    }

    static String issuer(String projectId) {
        return "stytch.com/" + projectId;
    }
}
