package studio.ainative.zerodb.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.common.MapBackedConfigSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The {@code search} datasource reaches PostgreSQL as the main pool does, however the main pool is configured
 * (application.properties' expressions; the module's own file, which the tests' application.properties shadows on the class path): the same URL, role and TLS settings, e.g. deploy/k8s's verify-full.
 */
class SideDatasourceConfigTest {

    private static SmallRyeConfig config(Map<String, String> environment) throws IOException {
        return new SmallRyeConfigBuilder().addDefaultInterceptors()
                .withSources(new PropertiesConfigSource(Path.of("src/main/resources/application.properties").toUri().toURL(), 100))
                .withSources(new MapBackedConfigSource("deployment", environment, 300) {
                })
                .build();
    }

    @Test
    void followsTheMainPoolsTlsSettings() throws IOException {
        SmallRyeConfig config = config(Map.of("quarkus.datasource.reactive.postgresql.ssl-mode", "verify-full",
                "quarkus.datasource.reactive.hostname-verification-algorithm", "HTTPS",
                "quarkus.datasource.reactive.trust-certificate-pem", "true",
                "quarkus.datasource.reactive.trust-certificate-pem.certs", "/var/run/ainative/postgres-ca/ca.crt",
                "quarkus.datasource.reactive.url", "postgresql://postgres-rw:5432/zerodb",
                "quarkus.datasource.username", "zerodb_app", "quarkus.datasource.password", "secret"));
        assertEquals("verify-full", config.getValue("quarkus.datasource.search.reactive.postgresql.ssl-mode", String.class));
        assertEquals("HTTPS", config.getValue("quarkus.datasource.search.reactive.hostname-verification-algorithm", String.class));
        assertEquals(true, config.getValue("quarkus.datasource.search.reactive.trust-certificate-pem", Boolean.class));
        assertEquals(List.of("/var/run/ainative/postgres-ca/ca.crt"),
                config.getValues("quarkus.datasource.search.reactive.trust-certificate-pem.certs", String.class));
        assertEquals("postgresql://postgres-rw:5432/zerodb", config.getValue("quarkus.datasource.search.reactive.url", String.class));
        assertEquals("zerodb_app", config.getValue("quarkus.datasource.search.username", String.class));
        assertEquals("secret", config.getValue("quarkus.datasource.search.password", String.class));
    }

    @Test
    void withoutTlsSettingsNeitherPoolUsesTls() throws IOException {
        SmallRyeConfig config = config(Map.of("quarkus.datasource.reactive.url", "postgresql://127.0.0.1:5432/zerodb"));
        assertEquals("disable", config.getValue("quarkus.datasource.search.reactive.postgresql.ssl-mode", String.class));
        assertEquals("NONE", config.getValue("quarkus.datasource.search.reactive.hostname-verification-algorithm", String.class));
        assertEquals(false, config.getValue("quarkus.datasource.search.reactive.trust-certificate-pem", Boolean.class));
        Optional<List<String>> certs = config.getOptionalValues("quarkus.datasource.search.reactive.trust-certificate-pem.certs", String.class);
        assertTrue(certs.isEmpty(), "no certificate file: " + certs);
    }
}
