package studio.ainative.platform.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import studio.ainative.platform.auth.fixtures.StallingIdentityResource;

/**
 * A service that turned proactive authentication off gets the same error mapping, and
 * {@code platform.auth.timeout} bounds each attempt against an identity that never answers.
 */
@QuarkusTest
@TestProfile(LazyAuthenticationTest.LazyWithStallingIdentity.class)
class LazyAuthenticationTest {

    public static class LazyWithStallingIdentity implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.auth.proactive", "false", "platform.auth.timeout", "250ms");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(StallingIdentityResource.class));
        }
    }

    @Inject
    CircuitBreakerMaintenance breakers;

    @Test
    void stalledIdentityAnswers503WithinTheConfiguredTimeout() {
        breakers.reset(IdentityIntrospection.CIRCUIT_BREAKER);
        long started = System.nanoTime();
        given().header("Authorization", "Bearer any-token")
                .when().get("/test/whoami")
                .then().statusCode(503)
                .header("Retry-After", equalTo("5"))
                .contentType("application/problem+json")
                .body("code", equalTo("identity_unavailable"));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        // Three attempts of 250 ms plus retry delays; with the annotation's 1 s default it would take over 3 s.
        assertTrue(took.compareTo(Duration.ofMillis(2500)) < 0, "took " + took);
    }

    @Test
    void malformedProjectHeaderIsABadRequest() {
        given().header("Authorization", "Bearer any-token").header("X-Project-ID", "1-1-1-1-1")
                .when().get("/test/whoami")
                .then().statusCode(400).body("code", equalTo("invalid_project_id"));
    }

    @Test
    void openEndpointAskingWhoCallsAnswers503RatherThanTreatingTheCallerAsAnonymous() {
        given().header("Authorization", "Bearer any-token").when().get("/test/open")
                .then().statusCode(503).body("code", equalTo("identity_unavailable"));
    }
}
