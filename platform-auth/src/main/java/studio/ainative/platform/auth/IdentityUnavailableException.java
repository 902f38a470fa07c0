package studio.ainative.platform.auth;

import java.time.Duration;
import java.util.Optional;

/**
 * identity-service could not answer (down, slow, 5xx, or the circuit is open): the credential is
 * neither valid nor invalid yet, so the caller gets 503 with {@code Retry-After}, never 401.
 */
public class IdentityUnavailableException extends PlatformAuthException {

    private final Duration retryAfter;

    public IdentityUnavailableException(String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    /** identity's own {@code Retry-After}, when it sent one. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    @Override
    public int status() {
        return 503;
    }

    @Override
    public String code() {
        return "identity_unavailable";
    }
}
