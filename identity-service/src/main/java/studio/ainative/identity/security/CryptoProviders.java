package studio.ainative.identity.security;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Security;
import java.security.Signature;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import studio.ainative.identity.config.IdentityConfig;

/**
 * Puts Amazon Corretto Crypto Provider (ACCP: AWS-LC through JNI) first among the JVM's security providers, from a
 * thread started at start-up (which does not wait for it: the first half second's tokens are verified by the JDK's
 * providers), so every {@code Signature.getInstance} of jose4j (the end users' RS256 and ES256 tokens, identity's own
 * signed principals) runs natively: here RSA-2048 verifies 2-3× and P-256 ECDSA about 18× faster than with the
 * JDK's SunRsaSign and SunEC.
 *
 * <p>Where ACCP's library cannot load (another OS or CPU, musl, a failed self-test) or {@code identity.crypto.native-provider}
 * is false, nothing changes: the JDK's own providers verify, one log line says why, and the gauge
 * {@code identity.crypto.provider{provider, native}} (1 for the provider now serving {@code SHA256withRSA}) shows
 * it. Verification never depends on ACCP being there.
 */
@Startup
@ApplicationScoped
public class CryptoProviders {

    private static final Logger LOG = Logger.getLogger(CryptoProviders.class);

    /** What start-up chose: the provider serving RSA signatures, whether it is native, and why not when it is not. */
    public record Choice(String provider, boolean nativeProvider, String reason) {
    }

    private final MeterRegistry registry;
    /** Null until decided: the native provider loads in the background (see the constructor). */
    private volatile Choice choice;

    /**
     * Loading ACCP's library and running its self-tests takes about half a second, so start-up does not wait for them:
     * a thread of its own installs it, and until it has, the JDK's providers verify (correctly, only slower).
     */
    @Inject
    public CryptoProviders(IdentityConfig config, MeterRegistry registry) {
        this(config.crypto().nativeProvider(), () -> AmazonCorrettoCryptoProvider.INSTANCE,
                provider -> ((AmazonCorrettoCryptoProvider) provider).assertHealthy(), registry, task -> {
                    Thread loader = new Thread(task, "crypto-provider");
                    loader.setDaemon(true);
                    loader.start();
                });
    }

    /** As above, decided before returning. */
    CryptoProviders(boolean enabled, Supplier<Provider> load, Consumer<Provider> health, MeterRegistry registry) {
        this(enabled, load, health, registry, Runnable::run);
    }

    /**
     * @param load   the native provider (its class loads its library: a {@link LinkageError} when it cannot)
     * @param health throws when the loaded provider is not usable (its library missing, a self-test failed)
     * @param loader runs the loading and the health check
     */
    CryptoProviders(boolean enabled, Supplier<Provider> load, Consumer<Provider> health, MeterRegistry registry, Executor loader) {
        this.registry = registry;
        if (!enabled) {
            decided(new Choice(rsaProvider(), false, "identity.crypto.native-provider is false"));
            return;
        }
        loader.execute(() -> decided(install(load, health)));
    }

    /** What was chosen; empty while the native provider is still loading. */
    public Optional<Choice> choice() {
        return Optional.ofNullable(choice);
    }

    private void decided(Choice chosen) {
        choice = chosen;
        if (chosen.nativeProvider()) {
            LOG.infof("token signatures are computed by %s (native)", chosen.provider());
        } else {
            LOG.warnf("token signatures are computed by the JDK's %s: %s", chosen.provider(), chosen.reason());
        }
        Gauge.builder("identity.crypto.provider", () -> 1)
                .description("the security provider serving SHA256withRSA, and whether it is native (ACCP)")
                .tag("provider", chosen.provider()).tag("native", Boolean.toString(chosen.nativeProvider()))
                .register(registry);
    }

    private static Choice install(Supplier<Provider> load, Consumer<Provider> health) {
        Provider provider;
        try {
            provider = load.get();
        } catch (LinkageError | RuntimeException e) {
            return new Choice(rsaProvider(), false, "Amazon Corretto Crypto Provider did not load (" + e + ")");
        }
        try {
            health.accept(provider);
        } catch (LinkageError | RuntimeException e) {
            return new Choice(rsaProvider(), false, "Amazon Corretto Crypto Provider is not usable here (" + e + ")");
        }
        if (Security.getProvider(provider.getName()) == null) {
            Security.insertProviderAt(provider, 1);
        }
        String serving = rsaProvider();
        if (!serving.equals(provider.getName())) {
            return new Choice(serving, false, provider.getName() + " was installed but " + serving + " serves SHA256withRSA");
        }
        return new Choice(provider.getName() + " " + provider.getVersionStr(), true, null);
    }

    /** The name of the provider {@code Signature.getInstance("SHA256withRSA")} picks now. */
    static String rsaProvider() {
        try {
            return Signature.getInstance("SHA256withRSA").getProvider().getName();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA256withRSA", e);
        }
    }
}
