package studio.ainative.platform.auth;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.jboss.logging.Logger;
import studio.ainative.platform.web.Problem;

/**
 * The error body for everything this library refuses other than a bad credential. Quarkus REST also
 * routes failures raised during proactive authentication (before any resource method) to exception
 * mappers, so one mapper serves both proactive and lazy ({@code quarkus.http.auth.proactive=false})
 * authentication. A service that needs another error envelope registers its own mapper for
 * {@link PlatformAuthException} with a higher priority.
 */
@Provider
public class PlatformAuthExceptionMapper implements ExceptionMapper<PlatformAuthException> {

    private static final Logger LOG = Logger.getLogger(PlatformAuthExceptionMapper.class);

    private final long defaultRetryAfterSeconds;

    public PlatformAuthExceptionMapper(PlatformAuthConfig config) {
        this.defaultRetryAfterSeconds = Math.max(1, config.retryAfter().toSeconds());
    }

    @Override
    public Response toResponse(PlatformAuthException e) {
        Response.ResponseBuilder response = Problem.builder(e.status(), e.code(), e.getMessage());
        if (e instanceof IdentityUnavailableException unavailable) {
            LOG.warnf("answering 503 %s: %s", e.code(), unavailable.getCause() == null ? e.getMessage() : unavailable.getCause().toString());
            response.header("Retry-After", unavailable.retryAfter().map(d -> Math.max(1, d.toSeconds())).orElse(defaultRetryAfterSeconds));
        } else if (e instanceof IntrospectionRejectedException rejected && e.status() >= 500) {
            LOG.error(rejected.diagnostic() + "; check platform.auth.identity-url, service-name and service-secret");
        }
        return response.build();
    }
}
