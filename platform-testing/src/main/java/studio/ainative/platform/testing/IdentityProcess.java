package studio.ainative.platform.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.jose4j.json.JsonUtil;
import org.jose4j.lang.JoseException;

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

    /** A project created through identity's admin API, with its first API key. */
    public record Project(UUID id, String apiKey) {
    }

    private final QuarkusAppProcess process;
    /** identity's principal-signing key (PEM), so a test can mint principals identity never would. */
    private final String signingKey;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /**
     * @param serviceName the introspection client name the service under test uses
     * @param serviceSecret its secret (at least 16 characters)
     * @param extraEnv more environment, e.g. {@code IDENTITY_REDIS_URL} for a Redis of the test's own
     */
    public IdentityProcess(String serviceName, String serviceSecret, Map<String, String> extraEnv) {
        this.signingKey = SigningKeyPem.generate();
        // identity's local environment is defined once, in deploy/local/env/identity-service.env.
        Map<String, String> all = new HashMap<>(LocalEnvFile.of("identity-service", Map.of(
                // IDENTITY_TEST_DB_NAME: a database of one's own where several checkouts test on one machine.
                "DB_NAME", System.getenv().getOrDefault("IDENTITY_TEST_DB_NAME", "identity_test"),
                "IDENTITY_ADMIN_TOKEN", ADMIN_TOKEN,
                "IDENTITY_SECRETS_KEY", SECRETS_KEY,
                "IDENTITY_SIGNING_KEY", signingKey,
                "IDENTITY_CACHE_KEY", CACHE_KEY,
                "JWKS_ALLOWED_TARGETS", "127.0.0.1:" + IdpServer.get().port(),
                "INTROSPECTION_CLIENTS", serviceName + ":" + serviceSecret)));
        all.putAll(extraEnv);
        this.process = new QuarkusAppProcess("identity-service", "256m", all);
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

    public void start() {
        process.start();
    }

    public void stop() {
        process.stop();
    }

    public String logTail() {
        return process.logTail();
    }

    /** A new project and its first API key, through identity's admin bootstrap. */
    public Project createProject(String name) {
        Map<String, Object> created = post("/internal/v1/admin/projects", Map.of("X-Admin-Token", ADMIN_TOKEN), Map.of("name", name), 201);
        @SuppressWarnings("unchecked")
        Map<String, Object> key = (Map<String, Object>) created.get("api_key");
        return new Project(UUID.fromString((String) created.get("project_id")), (String) key.get("key"));
    }

    /** Registers the provider for the project (user id from {@code sub}); returns the provider's id. */
    public String registerProvider(Project project, TestIdp idp) {
        Map<String, Object> created = post("/api/v1/auth/providers", Map.of("Authorization", "Bearer " + project.apiKey()), Map.of(
                "provider", "stytch",
                "client_id", idp.clientId,
                "jwks_uri", idp.jwksUri(),
                "issuer", idp.issuer,
                "claim_mapping", Map.of("user_id", "sub", "email", "emails")), 201);
        return (String) created.get("id");
    }

    private Map<String, Object> post(String path, Map<String, String> headers, Map<String, Object> body, int expectedStatus) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JsonUtil.toJson(body)));
            headers.forEach(request::header);
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expectedStatus) {
                throw new IllegalStateException("POST " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return JsonUtil.parseJson(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (JoseException e) {
            throw new IllegalStateException("identity answered something that is not JSON", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
