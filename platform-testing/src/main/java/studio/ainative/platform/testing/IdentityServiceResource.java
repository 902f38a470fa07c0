package studio.ainative.platform.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * For a resource service's {@code @QuarkusTest}: starts a real identity-service ({@link IdentityProcess},
 * the jar this reactor built) and points the application's {@code platform.auth.*} at it. Every test
 * class of a module declares the same resource, so they share it and the application, and each
 * creates projects of its own. Init arg {@code service-secret} makes the application present another
 * secret than identity expects.
 */
public final class IdentityServiceResource implements QuarkusTestResourceLifecycleManager {

    public static final String SERVICE_NAME = "service-under-test";
    public static final String SERVICE_SECRET = "service-under-test-secret-0123456789";

    private static IdentityProcess current;

    private IdentityProcess identity;
    private String presentedSecret = SERVICE_SECRET;

    /** The identity-service of the application that is running now. */
    public static IdentityProcess identity() {
        return current;
    }

    @Override
    public void init(Map<String, String> initArgs) {
        presentedSecret = initArgs.getOrDefault("service-secret", presentedSecret);
    }

    @Override
    public Map<String, String> start() {
        identity = new IdentityProcess(SERVICE_NAME, SERVICE_SECRET, Map.of());
        identity.start();
        current = identity;
        return Map.of(
                "platform.auth.identity-url", identity.url(),
                "platform.auth.service-name", SERVICE_NAME,
                "platform.auth.service-secret", presentedSecret);
    }

    @Override
    public void stop() {
        identity.stop();
        if (current == identity) {
            current = null;
        }
    }
}
