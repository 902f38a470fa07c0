package studio.ainative.platform.auth;

import java.time.Duration;

/**
 * identity is up but cannot verify this token because its identity provider's keys are unavailable
 * (identity's 503 {@code temporarily_unavailable}). Still a 503 for the caller, but it says nothing
 * about identity's health, so it neither trips the circuit breaker nor is retried.
 */
public class ProviderUnavailableException extends IdentityUnavailableException {

    public ProviderUnavailableException(Duration retryAfter) {
        super("the identity provider's signing keys are unavailable", retryAfter, null);
    }

    @Override
    public String code() {
        return "provider_unavailable";
    }
}
