package studio.ainative.platform.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import studio.ainative.platform.testing.IdentityAdmin.Project;
import studio.ainative.platform.testing.IdentityServiceResource;

/** identity refuses this service's credential (401): a misconfiguration, answered 500, never retried, never tripping the breaker. */
@QuarkusTest
@TestProfile(RejectedServiceCredentialTest.WrongSecret.class)
class RejectedServiceCredentialTest {

    public static class WrongSecret implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(IdentityServiceResource.class,
                    Map.of("service-secret", "not-the-secret-identity-knows")));
        }
    }

    @Inject
    CircuitBreakerMaintenance breakers;

    @Test
    void refusedServiceCredentialIsAnInternalErrorAndNeverOpensTheCircuit() {
        Project project = IdentityServiceResource.identity().admin().createProject("platform-auth-wrong-secret");
        // More refusals than the breaker's window (10) with a failure ratio of 1: would open it if counted.
        for (int i = 0; i < 15; i++) {
            given().header("X-API-Key", project.apiKey())
                    .when().get("/test/whoami")
                    .then().statusCode(500)
                    .header("WWW-Authenticate", nullValue())
                    .contentType("application/problem+json")
                    .body("code", equalTo("internal_error"));
        }
        assertEquals(CircuitBreakerState.CLOSED, breakers.currentState(IdentityIntrospection.CIRCUIT_BREAKER));
    }
}
