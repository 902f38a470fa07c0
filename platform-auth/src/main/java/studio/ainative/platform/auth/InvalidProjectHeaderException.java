package studio.ainative.platform.auth;

/** {@code X-Project-ID} is not a UUID. */
public class InvalidProjectHeaderException extends PlatformAuthException {

    public InvalidProjectHeaderException() {
        super("X-Project-ID must be a project id (UUID)", null);
    }

    @Override
    public int status() {
        return 400;
    }

    @Override
    public String code() {
        return "invalid_project_id";
    }
}
