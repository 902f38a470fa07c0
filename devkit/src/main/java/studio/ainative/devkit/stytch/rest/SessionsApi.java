package studio.ainative.devkit.stytch.rest;

import java.util.List;
import java.util.Map;

/** Bodies of Stytch's sessions API (stytch-node's sessions types). */
public final class SessionsApi {

    private SessionsApi() {
    }

    public record AuthenticateRequest(String sessionToken, String sessionJwt, Integer sessionDurationMinutes) {
    }

    public record AuthenticateResponse(
            String requestId, int statusCode, SessionView session, String sessionToken, String sessionJwt,
            UserView user) {
    }

    public record RevokeRequest(String sessionId, String sessionToken, String sessionJwt) {
    }

    public record GetResponse(String requestId, List<SessionView> sessions, int statusCode) {
    }

    public record JwksResponse(List<Map<String, Object>> keys, String requestId, int statusCode) {
    }
}
