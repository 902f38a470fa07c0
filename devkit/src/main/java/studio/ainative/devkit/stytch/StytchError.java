package studio.ainative.devkit.stytch;

/** The Stytch error types the emulator can answer with, each with its HTTP status and message. */
public enum StytchError {
    BAD_REQUEST(400, "bad_request", "The request could not be understood."),
    MISSING_ARGUMENT(400, "invalid_argument", "A required argument is missing."),
    INVALID_ARGUMENT(400, "invalid_argument", "An argument is out of bounds."),
    INVALID_EMAIL(400, "invalid_email", "Email format is invalid."),
    INVALID_LOGIN_MAGIC_LINK_URL(400, "invalid_login_magic_link_url",
            "login_magic_link_url must be an absolute http(s) URL."),
    INVALID_SIGNUP_MAGIC_LINK_URL(400, "invalid_signup_magic_link_url",
            "signup_magic_link_url must be an absolute http(s) URL."),
    INVALID_TOKEN(400, "invalid_token", "Token format is invalid."),
    INVALID_SESSION_TOKEN(400, "invalid_session_token", "session_token format is invalid."),
    INVALID_SESSION_ID(400, "invalid_session_id", "session_id format is invalid."),
    INVALID_SESSION_DURATION_MINUTES(400, "invalid_session_duration_minutes",
            "session_duration_minutes must be between 5 and 527040."),
    NO_SESSION_ARGUMENTS(400, "no_session_arguments",
            "Provide one of session_token or session_jwt."),
    TOO_MANY_SESSION_ARGUMENTS(400, "too_many_session_arguments",
            "Provide only one of session_token or session_jwt."),
    NO_SESSION_REVOKE_ARGUMENTS(400, "no_session_revoke_arguments",
            "Provide one of session_id, session_token or session_jwt."),
    TOO_MANY_SESSION_REVOKE_ARGUMENTS(400, "too_many_session_revoke_arguments",
            "Provide only one of session_id, session_token or session_jwt."),
    CUSTOM_CLAIMS_TOO_LARGE(400, "custom_claims_too_large", "claims must be at most 16 KiB of JSON."),
    UNAUTHORIZED_CREDENTIALS(401, "unauthorized_credentials",
            "Unauthorized credentials. Send HTTP Basic project_id:secret."),
    UNABLE_TO_AUTH_MAGIC_LINK(401, "unable_to_auth_magic_link",
            "The magic link could not be authenticated because it was either already used or expired."),
    INVALID_SESSION_JWT(401, "unable_to_parse_session_jwt",
            "session_jwt could not be verified against this project's keys."),
    MAGIC_LINK_NOT_FOUND(404, "magic_link_not_found", "Magic link could not be found."),
    SESSION_NOT_FOUND(404, "session_not_found", "Session could not be found."),
    PROJECT_NOT_FOUND(404, "project_not_found", "Project could not be found."),
    OUTBOX_EMPTY(404, "email_not_found", "No magic link has been sent to this email."),
    ROUTE_NOT_FOUND(404, "route_not_found", "No such route."),
    METHOD_NOT_ALLOWED(405, "method_not_allowed", "This route does not accept that method."),
    INTERNAL_SERVER_ERROR(500, "internal_server_error", "Something went wrong inside the devkit.");

    private final int status;
    private final String type;
    private final String message;

    StytchError(int status, String type, String message) {
        this.status = status;
        this.type = type;
        this.message = message;
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String message() {
        return message;
    }
}
