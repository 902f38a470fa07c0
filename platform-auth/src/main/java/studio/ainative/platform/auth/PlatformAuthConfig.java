package studio.ainative.platform.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** How a resource service reaches identity-service and how long it trusts an answer. */
@ConfigMapping(prefix = "platform.auth")
public interface PlatformAuthConfig {

    /** Base URL of identity-service, e.g. {@code http://identity-service:8081}. */
    String identityUrl();

    /** This service's name in identity's {@code IDENTITY_INTROSPECTION_CLIENTS}. */
    String serviceName();

    /** This service's introspection secret (at least 16 characters; from the environment only). */
    String serviceSecret();

    /**
     * How long an active principal is reused in-process; never past the token's {@code exp}. Also how
     * long a revoked API key may keep working on this replica.
     */
    @WithDefault("5s")
    Duration cacheTtl();

    /** How long an inactive answer is reused, so a client retrying a bad token does not load identity. */
    @WithDefault("2s")
    Duration negativeCacheTtl();

    @WithDefault("100000")
    long cacheMaxEntries();

    /**
     * Per-attempt time limit for one introspection call. Applied to the {@code @Timeout} of
     * {@link IdentityIntrospection} by {@link IntrospectionTimeoutConfigSource}.
     */
    @WithDefault("1s")
    Duration timeout();

    /** The {@code Retry-After} sent with a 503 when identity did not suggest one. */
    @WithDefault("5s")
    Duration retryAfter();

    /**
     * The services that may call this one with a signed principal for an end user ({@code name:secret,...},
     * secrets of at least 16 characters, from the environment). Empty: nobody may.
     */
    Optional<String> callers();

    /** When false, credentials are ignored: every request is anonymous and protected endpoints answer 401. */
    @WithDefault("true")
    boolean enabled();
}
