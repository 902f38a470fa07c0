package studio.ainative.platform.auth;

/** {@code X-Project-ID} names another project than the credential belongs to. */
public class ProjectMismatchException extends PlatformAuthException {

    public ProjectMismatchException() {
        super("the credential belongs to another project than X-Project-ID names", null);
    }

    @Override
    public int status() {
        return 403;
    }

    @Override
    public String code() {
        return "project_mismatch";
    }
}
