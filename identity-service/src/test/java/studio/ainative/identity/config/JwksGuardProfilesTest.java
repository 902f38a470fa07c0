package studio.ainative.identity.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The SSRF guard's relaxations as application.properties sets them, read without any environment:
 * production allows neither loopback nor extra targets; only the dev profile allows loopback.
 */
class JwksGuardProfilesTest {

    private static SmallRyeConfig profile(String name) throws IOException {
        return new SmallRyeConfigBuilder().addDefaultInterceptors().withProfile(name)
                .withSources(new PropertiesConfigSource(JwksGuardProfilesTest.class.getClassLoader().getResource("application.properties")))
                .build();
    }

    @Test
    void productionRefusesLoopbackJwksTargets() throws IOException {
        assertFalse(profile("prod").getValue("identity.jwks.allow-loopback", Boolean.class));
    }

    @Test
    void productionAllowListsNoTargets() throws IOException {
        assertTrue(profile("prod").getOptionalValue("identity.jwks.allowed-targets", String.class).isEmpty());
    }

    @Test
    void testsRefuseLoopbackJwksTargetsLikeProduction() throws IOException {
        assertFalse(profile("test").getValue("identity.jwks.allow-loopback", Boolean.class));
    }

    @Test
    void devProfileAllowsLoopbackJwksTargets() throws IOException {
        assertEquals(true, profile("dev").getValue("identity.jwks.allow-loopback", Boolean.class));
    }
}
