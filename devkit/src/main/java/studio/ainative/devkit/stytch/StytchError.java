package studio.ainative.devkit.stytch;

/**
 * The Stytch error types the emulator can answer with, each with its HTTP status and message.
 * Messages are Stytch's own where its docs or SDKs quote them.
 */
public enum StytchError {
    BAD_REQUEST(400, "bad_request", "The request could not be understood."),
    MISSING_ARGUMENT(400, "invalid_argument", "A required argument is missing."),
    INVALID_ARGUMENT(400, "invalid_argument", "An argument is out of bounds."),
    INVALID_EMAIL(400, "invalid_email", "Email format is invalid."),
    INVALID_LOGIN_MAGIC_LINK_URL(400, "invalid_login_magic_link_url",
            "login_magic_link_url must be an absolute http(s) URL."),
    INVALID_SIGNUP_MAGIC_LINK_URL(400, "invalid_signup_magic_link_url",
            "signup_magic_link_url must be an absolute http(s) URL."),
    INVALID_LOGIN_REDIRECT_URL(400, "invalid_login_redirect_url",
            "login_redirect_url must be an absolute http(s) URL."),
    INVALID_SIGNUP_REDIRECT_URL(400, "invalid_signup_redirect_url",
            "signup_redirect_url must be an absolute http(s) URL."),
    INVALID_TOKEN(400, "invalid_token", "Token format is invalid."),
    INVALID_CODE(400, "invalid_code", "Code format is invalid."),
    INVALID_METHOD_ID(400, "invalid_method_id", "method_id format is invalid."),
    INVALID_USER_ID(400, "invalid_user_id", "user_id format is invalid."),
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
    DUPLICATE_EMAIL(400, "duplicate_email", "A user with the specified email already exists for this project."),
    WEAK_PASSWORD(400, "weak_password", "password doesn't meet our strength requirements."),
    NO_USER_PASSWORD(400, "no_user_password", "user doesn't have an associated password."),
    UNAUTHORIZED_CREDENTIALS(401, "unauthorized_credentials",
            "Unauthorized credentials. Send HTTP Basic project_id:secret."),
    UNABLE_TO_AUTH_MAGIC_LINK(401, "unable_to_auth_magic_link",
            "The magic link could not be authenticated because it was either already used or expired. "
                    + "Send another magic link to this user."),
    UNABLE_TO_AUTH_OTP_CODE(401, "unable_to_auth_otp_code",
            "The passcode could not be authenticated because it was either already used or expired. "
                    + "Send another passcode to this user."),
    INVALID_SESSION_JWT(401, "unable_to_parse_session_jwt",
            "session_jwt could not be verified against this project's keys."),
    EMAIL_NOT_FOUND(404, "email_not_found",
            "There is not a user in this project associated with the supplied email or email_id."),
    USER_NOT_FOUND(404, "user_not_found", "User could not be found."),
    MAGIC_LINK_NOT_FOUND(404, "magic_link_not_found", "Magic link could not be found."),
    OTP_CODE_NOT_FOUND(404, "otp_code_not_found",
            "The passcode was incorrect and could not be authenticated, encourage the user to try inputting "
                    + "the passcode again or send another passcode."),
    OAUTH_TOKEN_NOT_FOUND(404, "oauth_token_not_found", "OAuth token could not be found."),
    SESSION_NOT_FOUND(404, "session_not_found", "Session could not be found."),
    PROJECT_NOT_FOUND(404, "project_not_found", "Project could not be found."),
    OUTBOX_EMPTY(404, "email_not_found", "Nothing has been sent to this email."),
    ROUTE_NOT_FOUND(404, "route_not_found", "No such route."),
    METHOD_NOT_ALLOWED(405, "method_not_allowed", "This route does not accept that method."),
    USER_LOCK_LIMIT_REACHED(429, "user_lock_limit_reached",
            "The user has been locked out due to too many failed authentication attempts. Please try again later."),
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
