package studio.ainative.platform.testing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A real identity-service, the jar this reactor built, on a free port of 127.0.0.1 with the local
 * environment of {@code deploy/local/env/identity-service.env} (as ./dev starts it), against the
 * {@code identity_test} database (or {@code $IDENTITY_TEST_DB_NAME}) and (by default) the local Redis; JWKS on the {@link IdpServer}
 * are allowed. Stoppable and restartable on the same port, so a test can take identity away from
 * the service under test and give it back.
 */
public final class IdentityProcess {

    public static final String ADMIN_TOKEN = "test-identity-admin-token-0123456789";
    /** Base64 of 32 bytes; the same key identity's own tests use against identity_test. */
    public static final String SECRETS_KEY = "dGVzdC1vbmx5LWVuY3J5cHRpb24ta2V5LTMyLWJ5dGU=";
    /** Base64 of 32 bytes: seals identity's Redis entries; the same key identity's own tests use. */
    public static final String CACHE_KEY = "dGVzdC1vbmx5LWNhY2hlLWludGVncml0eS1rZXktMzI=";
    /** The tests' PostgreSQL and Redis: where every module's %test profile finds them too. */
    public static final String TEST_DB_HOST = "127.0.0.1";
    public static final String TEST_DB_PORT = "5432";
    public static final String TEST_REDIS_URL = "redis://127.0.0.1:6379";

    private final QuarkusAppProcess process;
    /** identity's principal-signing key (PEM), so a test can mint principals identity never would. */
    private final String signingKey;

    /**
     * @param serviceName the introspection client name the service under test uses
     * @param serviceSecret its secret (at least 16 characters)
     * @param extraEnv more environment, e.g. {@code IDENTITY_REDIS_URL} for a Redis of the test's own
     */
    public IdentityProcess(String serviceName, String serviceSecret, Map<String, String> extraEnv) {
        this(serviceName, serviceSecret, extraEnv, "256m");
    }

    /** As above, with the JVM's {@code -Xmx} ({@code null}: none, e.g. for {@code JAVA_TOOL_OPTIONS} in {@code extraEnv} to decide). */
    public IdentityProcess(String serviceName, String serviceSecret, Map<String, String> extraEnv, String heap) {
        this(serviceName, serviceSecret, extraEnv, heap == null ? List.of() : List.of("-Xmx" + heap));
    }

    /** As above, with the JVM's arguments before {@code -jar} (e.g. an image's AOT cache) instead of a heap size. */
    public IdentityProcess(String serviceName, String serviceSecret, Map<String, String> extraEnv, List<String> jvmArguments) {
        this.signingKey = SigningKeyPem.generate();
        // identity's local environment is defined once, in deploy/local/env/identity-service.env.
        Map<String, String> all = new HashMap<>(LocalEnvFile.of("identity-service", Map.of(
                // IDENTITY_TEST_DB_NAME: a database of one's own where several checkouts test on one machine.
                "DB_NAME", System.getenv().getOrDefault("IDENTITY_TEST_DB_NAME", "identity_test"),
                "DB_HOST", TEST_DB_HOST,
                "DB_PORT", TEST_DB_PORT,
                "REDIS_URL", TEST_REDIS_URL,
                "IDENTITY_ADMIN_TOKEN", ADMIN_TOKEN,
                "IDENTITY_SECRETS_KEY", SECRETS_KEY,
                "IDENTITY_SIGNING_KEY", signingKey,
                "IDENTITY_CACHE_KEY", CACHE_KEY,
                "JWKS_ALLOWED_TARGETS", "127.0.0.1:" + IdpServer.get().port(),
                "INTROSPECTION_CLIENTS", serviceName + ":" + serviceSecret)));
        all.putAll(extraEnv);
        this.process = new QuarkusAppProcess("identity-service", jvmArguments, all, null);
    }

    public String signingKeyPem() {
        return signingKey;
    }

    public String url() {
        return process.url();
    }

    public int port() {
        return process.port();
    }

    /** The running JVM (its pid, CPU time and memory), if started. */
    public java.util.Optional<ProcessHandle> handle() {
        return process.handle();
    }

    public void start() {
        process.start();
    }

    public void stop() {
        process.stop();
    }

    public String logTail() {
        return process.logTail();
    }

    /** Project and provider set-up on this identity ({@link Tenant#create(IdentityAdmin, String)} uses it). */
    public IdentityAdmin admin() {
        return new IdentityAdmin(url(), ADMIN_TOKEN);
    }
}
