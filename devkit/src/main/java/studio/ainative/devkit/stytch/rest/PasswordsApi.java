package studio.ainative.devkit.stytch.rest;

import java.util.List;
import java.util.Map;

/** Bodies of Stytch's passwords API (stytch-node's passwords types). */
public final class PasswordsApi {

    private PasswordsApi() {
    }

    public record CreateRequest(String email, String password, Integer sessionDurationMinutes, UserView.Name name,
                                Map<String, Object> trustedMetadata, Map<String, Object> untrustedMetadata) {
        /** The password never reaches a log through this record. */
        @Override
        public String toString() {
            return "CreateRequest[email=" + email + "]";
        }
    }

    public record CreateResponse(
            String requestId,
            String userId,
            String emailId,
            String sessionToken,
            String sessionJwt,
            SessionView session,
            UserView user,
            int statusCode) {
    }

    public record AuthenticateRequest(String email, String password, Integer sessionDurationMinutes) {
        @Override
        public String toString() {
            return "AuthenticateRequest[email=" + email + "]";
        }
    }

    public record AuthenticateResponse(
            String requestId,
            String userId,
            String sessionToken,
            String sessionJwt,
            SessionView session,
            UserView user,
            int statusCode) {
    }

    public record StrengthCheckRequest(String password, String email) {
        @Override
        public String toString() {
            return "StrengthCheckRequest[email=" + email + "]";
        }
    }

    /** zxcvbn feedback: a warning and suggestions, both empty for a valid password. */
    public record Feedback(String warning, List<String> suggestions) {
    }

    public record StrengthCheckResponse(
            String requestId,
            boolean validPassword,
            int score,
            boolean breachedPassword,
            String strengthPolicy,
            boolean breachDetectionOnCreate,
            Feedback feedback,
            int statusCode) {
    }
}
