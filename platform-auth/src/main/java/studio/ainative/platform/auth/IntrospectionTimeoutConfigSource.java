package studio.ainative.platform.auth;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Feeds {@code platform.auth.timeout} (a duration such as {@code 800ms}, like every other
 * {@code platform.auth.*} key) to the {@code @Timeout} on {@link IdentityIntrospection#introspect},
 * whose own config key only takes a number plus a unit. Registered through
 * {@code META-INF/services/io.smallrye.config.ConfigSourceFactory}.
 */
public final class IntrospectionTimeoutConfigSource implements ConfigSourceFactory {

    static final String TIMEOUT_KEY = "quarkus.fault-tolerance.\"" + IdentityIntrospection.class.getName() + "/introspect\".timeout";

    /** Below application.properties (250), so an explicit fault-tolerance key still wins. */
    private static final int ORDINAL = 200;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue timeout = context.getValue("platform.auth.timeout");
        if (timeout == null || timeout.getValue() == null || timeout.getValue().isBlank()) {
            return List.of();
        }
        long millis = DurationConverter.parseDuration(timeout.getValue().strip()).toMillis();
        return List.of(new PropertiesConfigSource(Map.of(
                TIMEOUT_KEY + ".value", Long.toString(millis),
                TIMEOUT_KEY + ".unit", "millis"), "platform-auth-timeout", ORDINAL));
    }
}
