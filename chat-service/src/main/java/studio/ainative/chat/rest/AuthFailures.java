package studio.ainative.chat.rest;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import studio.ainative.platform.auth.IdentityUnavailableException;
import studio.ainative.platform.auth.IntrospectionRejectedException;
import studio.ainative.platform.auth.PlatformAuthConfig;
import studio.ainative.platform.auth.PlatformAuthException;

/**
 * platform-auth's refusals in OpenAI's envelope, for the completions route and the REST endpoints alike:
 * 401 {@code invalid_api_key} with {@code WWW-Authenticate}, 403 for a role or project refusal, 503 with
 * {@code Retry-After} when identity cannot answer (never a 401: a passing outage must not log users out).
 */
@ApplicationScoped
public class AuthFailures {

    private static final Logger LOG = Logger.getLogger(AuthFailures.class);

    private final long defaultRetryAfterSeconds;

    public AuthFailures(PlatformAuthConfig config) {
        this.defaultRetryAfterSeconds = Math.max(1, config.retryAfter().toSeconds());
    }

    /** No credential at all. */
    public static OpenAiError missing() {
        return new OpenAiError(401, OpenAiError.INVALID_REQUEST, "invalid_api_key", null,
                "You didn't provide an API key. Send your session JWT or API key as 'Authorization: Bearer <token>'.",
                Map.of("WWW-Authenticate", "Bearer"));
    }

    /** The OpenAI error of an authentication or authorization failure, empty when {@code failure} is neither. */
    public Optional<OpenAiError> of(Throwable failure) {
        if (failure instanceof AuthenticationFailedException) {
            return Optional.of(new OpenAiError(401, OpenAiError.INVALID_REQUEST, "invalid_api_key", null,
                    "Incorrect or expired token provided.", Map.of("WWW-Authenticate", "Bearer error=\"invalid_token\"")));
        }
        if (failure instanceof UnauthorizedException) {
            return Optional.of(missing());
        }
        if (failure instanceof ForbiddenException) {
            return Optional.of(new OpenAiError(403, OpenAiError.PERMISSION, "forbidden", null,
                    "This credential may not use this endpoint."));
        }
        if (failure instanceof PlatformAuthException e) {
            if (e instanceof IdentityUnavailableException unavailable) {
                LOG.warnf("answering 503 %s: %s", e.code(), unavailable.getCause() == null ? e.getMessage() : unavailable.getCause().toString());
                long retryAfter = unavailable.retryAfter().map(d -> Math.max(1, d.toSeconds())).orElse(defaultRetryAfterSeconds);
                return Optional.of(new OpenAiError(503, OpenAiError.SERVER, e.code(), null,
                        "Credentials cannot be checked right now; retry shortly.", Map.of("Retry-After", Long.toString(retryAfter))));
            }
            if (e instanceof IntrospectionRejectedException rejected && e.status() >= 500) {
                LOG.error(rejected.diagnostic() + "; check platform.auth.identity-url, service-name and service-secret");
                return Optional.of(new OpenAiError(500, OpenAiError.SERVER, e.code(), null, "The server could not check credentials."));
            }
            String type = e.status() == 403 ? OpenAiError.PERMISSION : e.status() >= 500 ? OpenAiError.SERVER : OpenAiError.INVALID_REQUEST;
            return Optional.of(new OpenAiError(e.status(), type, e.code(), null, e.getMessage()));
        }
        return Optional.empty();
    }
}
