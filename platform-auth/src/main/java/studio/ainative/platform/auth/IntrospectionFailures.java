package studio.ainative.platform.auth;

import java.time.Duration;

/** How an identity-service error answer maps to this library's failures: 4xx is the question's fault, 5xx identity's. */
final class IntrospectionFailures {

    /** identity's code for "the provider's keys are unavailable and nothing is cached". */
    static final String TEMPORARILY_UNAVAILABLE = "temporarily_unavailable";

    private IntrospectionFailures() {
    }

    /**
     * @param status     identity's HTTP status (an error status)
     * @param code       the problem's {@code code} member, or null when the body had none
     * @param retryAfter identity's {@code Retry-After} header, or null
     */
    static RuntimeException fromResponse(int status, String code, String retryAfter) {
        if (status == 503 && TEMPORARILY_UNAVAILABLE.equals(code)) {
            return new ProviderUnavailableException(retryAfter(retryAfter));
        }
        if (status >= 400 && status < 500) {
            return new IntrospectionRejectedException(status, code);
        }
        return new IdentityUnavailableException("identity-service answered HTTP " + status, retryAfter(retryAfter), null);
    }

    /** Delta-seconds only; an HTTP-date or garbage means "not said", and the configured default applies. */
    static Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            long seconds = Long.parseLong(header.strip());
            return seconds > 0 ? Duration.ofSeconds(seconds) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
