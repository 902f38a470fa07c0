package studio.ainative.identity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;
import studio.ainative.identity.fixtures.Platform;
import studio.ainative.platform.testing.TestIdp;

/**
 * PostgreSQL unreachable: verification and every management endpoint answer 503
 * {@code database_unavailable} with {@code Retry-After}, never a 500, and the pod stays ready: the
 * database is every replica's, so readiness tracking it would take them all out of rotation at once.
 * Configured as the Kubernetes pods are: no migrations and no owner pool ({@code IDENTITY_MIGRATE_AT_START=false}).
 */
@QuarkusTest
@TestProfile(DatabaseOutageTest.DatabaseDown.class)
class DatabaseOutageTest {

    /** The runtime pool points at a port nothing listens on; no migrations and no owner pool, as in the pods. */
    public static class DatabaseDown implements QuarkusTestProfile {
        private static final String CLOSED = "postgresql://127.0.0.1:1/identity_test";

        @Override
        public Map<String, String> getConfigOverrides() {
            // Also the %test keys: the per-engineer database URLs come from %test environment variables.
            return Map.of(
                    "quarkus.datasource.reactive.url", CLOSED,
                    "%test.quarkus.datasource.reactive.url", CLOSED,
                    "IDENTITY_MIGRATE_AT_START", "false");
        }
    }

    /** Well-formed, so the lookup reaches the database. */
    private static final String API_KEY = "ak_" + "A".repeat(43);

    @Test
    void readinessStaysUpWhileTheDatabaseIsDown() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/started").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void verifyingAJwtIs503WithRetryAfter() {
        assertUnavailable(Platform.verify(TestIdp.create().token()));
    }

    @Test
    void introspectingAJwtIs503WithRetryAfter() {
        assertUnavailable(Platform.introspect(TestIdp.create().token()));
    }

    @Test
    void listingProvidersWithAnApiKeyIs503WithRetryAfter() {
        assertUnavailable(withApiKey().get("/api/v1/auth/providers"));
    }

    @Test
    void creatingAnApiKeyIs503WithRetryAfter() {
        assertUnavailable(withApiKey().contentType(ContentType.JSON).body("{\"name\":\"ci\"}").post("/api/v1/auth/api-keys"));
    }

    @Test
    void revokingWithAnApiKeyIs503WithRetryAfter() {
        assertUnavailable(withApiKey().contentType(ContentType.JSON).body("{\"user_id\":\"u-1\"}").post("/api/v1/auth/revoke"));
    }

    @Test
    void bootstrappingAProjectIs503WithRetryAfter() {
        assertUnavailable(given().contentType(ContentType.JSON).header("X-Admin-Token", Platform.ADMIN_TOKEN)
                .body("{\"name\":\"p\"}").post("/internal/v1/admin/projects"));
    }

    private static io.restassured.specification.RequestSpecification withApiKey() {
        return given().header("Authorization", "Bearer " + API_KEY);
    }

    private static void assertUnavailable(Response r) {
        r.then().statusCode(503).header("Retry-After", "5").contentType("application/problem+json")
                .body("code", equalTo("database_unavailable"));
    }
}
