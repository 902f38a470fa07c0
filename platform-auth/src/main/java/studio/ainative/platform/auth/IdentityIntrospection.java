package studio.ainative.platform.auth;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import studio.ainative.platform.web.ServiceCredentialList;

/**
 * The one way this service asks identity-service who a credential belongs to.
 *
 * <p>Each attempt is bounded by {@code platform.auth.timeout}; a failed attempt is retried twice; the
 * {@value #CIRCUIT_BREAKER} breaker opens when half of the last 10 attempts failed and lets a probe through
 * after 5 s. identity's 4xx and "provider keys unavailable" answers are answers, not failures: they are
 * neither retried nor counted by the breaker. Whatever else goes wrong (connection refused, timeout, 5xx,
 * open circuit) ends as {@link IdentityUnavailableException}. Every attempt carries the caller's request id,
 * so identity's log lines of a call share the id of the request that made it.
 */
@ApplicationScoped
public class IdentityIntrospection {

    public static final String CIRCUIT_BREAKER = "identity-introspection";

    private final IntrospectionClient client;
    private final String serviceCredential;
    private final MeterRegistry registry;

    public IdentityIntrospection(@RestClient IntrospectionClient client, PlatformAuthConfig config, MeterRegistry registry) {
        this.client = client;
        this.serviceCredential = ServiceCredentialList.basic(config.serviceName(), config.serviceSecret());
        this.registry = registry;
    }

    // The 1 s here is the default; platform.auth.timeout replaces it (IntrospectionTimeoutConfigSource).
    @Timeout(value = 1, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 50, jitter = 25,
            abortOn = {IntrospectionRejectedException.class, ProviderUnavailableException.class, CircuitBreakerOpenException.class})
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS,
            skipOn = {IntrospectionRejectedException.class, ProviderUnavailableException.class})
    @CircuitBreakerName(CIRCUIT_BREAKER)
    @Fallback(fallbackMethod = "unavailable", skipOn = {IntrospectionRejectedException.class, IdentityUnavailableException.class})
    public Uni<String> introspect(IntrospectionRequest request, String requestId) {
        Timer.Sample sample = Timer.start(registry);
        return client.introspect(serviceCredential, requestId, request.token(), request.tokenTypeHint(),
                        request.projectId() == null ? null : request.projectId().toString())
                .onItemOrFailure().invoke((result, failure) -> sample.stop(Timer.builder("platform.auth.introspection")
                        .description("round trips to identity-service introspection, per attempt")
                        .tag("outcome", outcome(result, failure))
                        .publishPercentileHistogram()
                        .register(registry)));
    }

    /** Connection errors, timeouts and the open circuit all mean the same thing to the caller. */
    Uni<String> unavailable(IntrospectionRequest request, String requestId, Throwable cause) {
        return Uni.createFrom().failure(new IdentityUnavailableException("identity-service is unavailable", null, cause));
    }

    private static String outcome(String answer, Throwable failure) {
        if (failure == null) {
            return "answered";
        }
        if (failure instanceof IntrospectionRejectedException) {
            return "rejected";
        }
        return failure instanceof ProviderUnavailableException ? "provider_unavailable" : "unavailable";
    }
}
