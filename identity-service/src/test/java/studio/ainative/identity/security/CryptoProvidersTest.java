package studio.ainative.identity.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.Security;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

class CryptoProvidersTest {

    private List<Provider> before;

    @BeforeEach
    void remember() {
        before = Arrays.asList(Security.getProviders());
    }

    @AfterEach
    void restore() {
        for (Provider provider : Security.getProviders()) {
            if (!before.contains(provider)) {
                Security.removeProvider(provider.getName());
            }
        }
    }

    @Test
    void aLibraryThatCannotLoadLeavesTheJdkProvidersWithAReasonAndAMetric() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        CryptoProviders providers = new CryptoProviders(true, () -> {
            throw new UnsatisfiedLinkError("no amazonCorrettoCryptoProvider in java.library.path");
        }, provider -> { }, registry);

        assertFalse(providers.choice().orElseThrow().nativeProvider());
        assertTrue(providers.choice().orElseThrow().reason().contains("did not load"), providers.choice().orElseThrow().reason());
        assertEquals(before, Arrays.asList(Security.getProviders()), "the providers are untouched");
        Gauge gauge = registry.find("identity.crypto.provider").tag("native", "false").gauge();
        assertEquals(1.0, gauge.value());
        assertEquals(CryptoProviders.rsaProvider(), gauge.getId().getTag("provider"));
    }

    @Test
    void aProviderThatFailsItsHealthCheckIsNotInstalled() {
        CryptoProviders providers = new CryptoProviders(true, () -> new Provider("Broken", "1", "a failed self-test") {
        }, provider -> {
            throw new IllegalStateException("self-test failed");
        }, new SimpleMeterRegistry());

        assertFalse(providers.choice().orElseThrow().nativeProvider());
        assertNull(Security.getProvider("Broken"));
    }

    @Test
    void turnedOffItIsNotLoaded() {
        CryptoProviders providers = new CryptoProviders(false, () -> {
            throw new AssertionError("loaded although turned off");
        }, provider -> { }, new SimpleMeterRegistry());

        assertFalse(providers.choice().orElseThrow().nativeProvider());
        assertEquals(before, Arrays.asList(Security.getProviders()));
    }

    /** Start-up does not wait for the library: until the loader has run, the JDK's providers serve and no choice is reported. */
    @Test
    @EnabledOnOs(value = OS.LINUX, architectures = "amd64")
    void theNativeProviderIsInstalledByItsLoaderNotByStartUp() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        List<Runnable> pending = new java.util.ArrayList<>();
        CryptoProviders providers = new CryptoProviders(true, () -> AmazonCorrettoCryptoProvider.INSTANCE,
                provider -> ((AmazonCorrettoCryptoProvider) provider).assertHealthy(), registry, pending::add);

        assertTrue(providers.choice().isEmpty());
        assertEquals(before, Arrays.asList(Security.getProviders()), "nothing installed yet");
        assertNull(registry.find("identity.crypto.provider").gauge());

        pending.forEach(Runnable::run);

        assertTrue(providers.choice().orElseThrow().nativeProvider(), providers.choice().orElseThrow().reason());
        assertEquals(AmazonCorrettoCryptoProvider.PROVIDER_NAME, CryptoProviders.rsaProvider());
        assertEquals(1.0, registry.find("identity.crypto.provider").tag("native", "true").gauge().value());
    }

    /** The platform CI runs on, where ACCP's bundled library loads: it then serves RSA and ECDSA and verifies what the JDK signs. */
    @Test
    @EnabledOnOs(value = OS.LINUX, architectures = "amd64")
    void onLinuxX8664AccpServesRsaAndEcdsa() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        CryptoProviders providers = new CryptoProviders(true, () -> AmazonCorrettoCryptoProvider.INSTANCE,
                provider -> ((AmazonCorrettoCryptoProvider) provider).assertHealthy(), registry);

        assertTrue(providers.choice().orElseThrow().nativeProvider(), providers.choice().orElseThrow().reason());
        assertEquals(1.0, registry.find("identity.crypto.provider").tag("native", "true").gauge().value());
        for (String[] alg : new String[][] {{"RSA", "SHA256withRSA"}, {"EC", "SHA256withECDSA"}}) {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(alg[0], before.stream()
                    .filter(p -> p.getService("KeyPairGenerator", alg[0]) != null).findFirst().orElseThrow());
            if (alg[0].equals("EC")) {
                generator.initialize(new ECGenParameterSpec("secp256r1"));
            }
            var keys = generator.generateKeyPair();
            Signature jdk = Signature.getInstance(alg[1], before.stream().filter(p -> p.getService("Signature", alg[1]) != null)
                    .findFirst().orElseThrow());
            jdk.initSign(keys.getPrivate());
            jdk.update("header.payload".getBytes());
            byte[] signature = jdk.sign();

            Signature verifier = Signature.getInstance(alg[1]);
            assertEquals(AmazonCorrettoCryptoProvider.PROVIDER_NAME, verifier.getProvider().getName(), alg[1]);
            verifier.initVerify(keys.getPublic());
            verifier.update("header.payload".getBytes());
            assertTrue(verifier.verify(signature), alg[1] + " signed by the JDK verifies with ACCP");
            verifier.initVerify(keys.getPublic());
            verifier.update("header.payloaD".getBytes());
            assertFalse(verifier.verify(signature), alg[1] + ": another payload does not");
        }
    }
}
