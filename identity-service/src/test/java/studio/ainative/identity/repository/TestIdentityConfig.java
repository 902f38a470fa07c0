package studio.ainative.identity.repository;

import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;
import studio.ainative.identity.config.IdentityConfig;

/** {@link IdentityConfig} for plain unit tests: the defaults, a long local cache life and the given values. */
final class TestIdentityConfig {

    private TestIdentityConfig() {
    }

    static IdentityConfig with(Map<String, String> values) {
        return new SmallRyeConfigBuilder()
                .withMapping(IdentityConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter()) // "5s", as Quarkus reads it
                .withConverter(MemorySize.class, 200, new MemorySizeConverter())
                .withDefaultValues(Map.of("identity.admin-token", "unused", "identity.secrets.keys", "unused",
                        "identity.cache.integrity-key", "unused", "identity.signing.key", "unused",
                        "identity.cache.local-ttl", "1h", "identity.cache.local-max-size", "256M"))
                .withDefaultValues(values)
                .build()
                .getConfigMapping(IdentityConfig.class);
    }
}
