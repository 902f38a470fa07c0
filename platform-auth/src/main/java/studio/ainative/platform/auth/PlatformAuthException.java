package studio.ainative.platform.auth;

/**
 * A request this library refuses for a reason other than a bad credential (those are 401 challenges).
 * {@link PlatformAuthExceptionMapper} turns each into problem+json with a stable {@code code}.
 */
public abstract class PlatformAuthException extends RuntimeException {

    protected PlatformAuthException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The HTTP status the caller receives. */
    public abstract int status();

    /** The problem's stable {@code code} member. */
    public abstract String code();
}
