package studio.ainative.identity.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Where production takes the provider secrets' key ring from (application.properties, with the given
 * environment): IDENTITY_SECRETS_KEYS, else today's single IDENTITY_SECRETS_KEY; never a default.
 */
class SecretsKeyConfigTest {

    private static SmallRyeConfig production(Map<String, String> environment) throws IOException {
        return new SmallRyeConfigBuilder().addDefaultInterceptors().withProfile("prod")
                .withSources(new PropertiesConfigSource(SecretsKeyConfigTest.class.getClassLoader().getResource("application.properties")))
                .withSources(new PropertiesConfigSource(environment, "environment", 300))
                .build();
    }

    @Test
    void takesTodaysSingleKeyAsARingOfOne() throws IOException {
        assertEquals("a-key", production(Map.of("IDENTITY_SECRETS_KEY", "a-key")).getValue("identity.secrets.keys", String.class));
    }

    @Test
    void prefersTheKeyRingOverTheSingleKey() throws IOException {
        assertEquals("b-key,a-key", production(Map.of("IDENTITY_SECRETS_KEYS", "b-key,a-key", "IDENTITY_SECRETS_KEY", "a-key"))
                .getValue("identity.secrets.keys", String.class));
    }

    @Test
    void hasNoDefault() {
        assertThrows(RuntimeException.class, () -> production(Map.of()).getValue("identity.secrets.keys", String.class));
    }
}
