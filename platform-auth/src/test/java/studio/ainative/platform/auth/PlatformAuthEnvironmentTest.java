package studio.ainative.platform.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.net.URL;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every resource service is configured by the same environment names, {@code PLATFORM_AUTH_*}: the
 * standard environment form of the {@code platform.auth.*} keys, so a service declares none of them.
 */
class PlatformAuthEnvironmentTest {

    private static final Map<String, String> ENVIRONMENT = Map.of(
            "PLATFORM_AUTH_IDENTITY_URL", "http://identity-service:8081",
            "PLATFORM_AUTH_SERVICE_NAME", "memory-service",
            "PLATFORM_AUTH_SERVICE_SECRET", "memory-service-secret-0123456789",
            "PLATFORM_AUTH_CALLERS", "chat-service:chat-service-secret-0123456789");

    @Test
    void readsEveryKeyFromTheSharedEnvironmentNames() throws IOException {
        PlatformAuthConfig auth = config().getConfigMapping(PlatformAuthConfig.class);

        assertEquals("http://identity-service:8081", auth.identityUrl());
        assertEquals("memory-service", auth.serviceName());
        assertEquals("memory-service-secret-0123456789", auth.serviceSecret());
        assertEquals("chat-service:chat-service-secret-0123456789", auth.callers().orElseThrow());
    }

    @Test
    void pointsTheIntrospectionClientAndIdentitysKeysAtTheIdentityUrlFromTheEnvironment() throws IOException {
        SmallRyeConfig config = config();

        assertEquals("http://identity-service:8081", config.getValue("quarkus.rest-client.identity-introspection.url", String.class));
        assertEquals("http://identity-service:8081/internal/v1/jwks", config.getValue("mp.jwt.verify.publickey.location", String.class));
    }

    /**
     * The library's own META-INF/microprofile-config.properties and an environment, nothing else (and
     * Quarkus's duration syntax, "5s", as in an application).
     */
    private static SmallRyeConfig config() throws IOException {
        URL library = PlatformAuthConfig.class.getClassLoader().getResource("META-INF/microprofile-config.properties");
        return new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withSources(new PropertiesConfigSource(library, 100))
                .withSources(new EnvConfigSource(ENVIRONMENT, 300))
                .withConverter(Duration.class, 100, new DurationConverter())
                .withMapping(PlatformAuthConfig.class)
                .build();
    }
}
