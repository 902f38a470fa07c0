package studio.ainative.platform.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.jose4j.json.JsonUtil;
import org.jose4j.lang.JoseException;

/**
 * The set-up calls tests and benchmarks make on an identity-service, over HTTP: a project with its first
 * API key (the admin bootstrap) and a {@link TestIdp} registered as one of its providers. Any identity
 * will do: a packaged one ({@link IdentityProcess#admin()}) or the application under test of identity's
 * own tests. {@link Tenant} is built on it.
 *
 * @param url        identity's base URL
 * @param adminToken the {@code IDENTITY_ADMIN_TOKEN} that identity expects
 */
public record IdentityAdmin(String url, String adminToken) {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** A project created through identity's admin API, with its first API key. */
    public record Project(UUID id, String apiKey) {
    }

    /** A new project and its first API key, through identity's admin bootstrap. */
    public Project createProject(String name) {
        Map<String, Object> created = post("/internal/v1/admin/projects", "X-Admin-Token", adminToken, JsonUtil.toJson(Map.of("name", name)));
        @SuppressWarnings("unchecked")
        Map<String, Object> key = (Map<String, Object>) created.get("api_key");
        return new Project(UUID.fromString((String) created.get("project_id")), (String) key.get("key"));
    }

    /** Registers the provider for the project with the guide's body ({@link TestIdp#registration}); returns the provider's id. */
    public String registerProvider(Project project, TestIdp idp) {
        return (String) post("/api/v1/auth/providers", "Authorization", "Bearer " + project.apiKey(), idp.registration(null)).get("id");
    }

    /** Registers a provider for the project with the given registration body (the guide's shape); returns the provider's id. */
    public String registerProvider(Project project, String registrationJson) {
        return (String) post("/api/v1/auth/providers", "Authorization", "Bearer " + project.apiKey(), registrationJson).get("id");
    }

    /** A POST that must create (201); anything else fails the caller with identity's answer. */
    private Map<String, Object> post(String path, String credentialHeader, String credential, String json) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json").header(credentialHeader, credential)
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build();
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
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
