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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import studio.ainative.platform.testing.IdentityProcess;
import studio.ainative.platform.testing.IdentityServiceResource;
import studio.ainative.platform.testing.Tenant;
import studio.ainative.platform.testing.TestIdp;

/** identity-service taken away and given back: 503 (never 401) meanwhile, then recovery through the breaker. */
@QuarkusTest
@TestProfile(IdentityOutageTest.OwnIdentity.class)
class IdentityOutageTest {

    /** Its own application and identity process, so stopping identity disturbs no other test class. */
    public static class OwnIdentity implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // Long enough that the principal cached before the outage is certainly still cached during it.
            return Map.of("platform.auth.cache-ttl", "120s");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(IdentityServiceResource.class));
        }
    }

    private static final Duration RECOVERY_WITHIN = Duration.ofSeconds(15);

    @Inject
    CircuitBreakerMaintenance breakers;

    @Test
    void identityStoppedAnswers503WithRetryAfterThenRecoversThroughTheCircuitBreaker() throws InterruptedException {
        IdentityProcess identity = IdentityServiceResource.identity();
        Tenant tenant = Tenant.create("platform-auth-outage");
        TestIdp issuer = tenant.idp();
        String verifiedBefore = issuer.token();
        given().header("Authorization", "Bearer " + verifiedBefore).when().get("/test/whoami").then().statusCode(200);

        identity.stop();
        try {
            for (int i = 0; i < 5; i++) {
                given().header("Authorization", "Bearer " + issuer.token())
                        .when().get("/test/whoami")
                        .then().statusCode(503)
                        .header("Retry-After", equalTo("5"))
                        .header("WWW-Authenticate", nullValue())
                        .contentType("application/problem+json")
                        .body("code", equalTo("identity_unavailable"));
            }
            assertEquals(CircuitBreakerState.OPEN, breakers.currentState(IdentityIntrospection.CIRCUIT_BREAKER));
            // An API key never seen before fails the same way: unavailable, not unauthorized.
            given().header("X-API-Key", tenant.apiKey()).when().get("/test/open").then().statusCode(503);
            // A principal verified moments ago is still served from the in-process cache.
            given().header("Authorization", "Bearer " + verifiedBefore).when().get("/test/whoami").then().statusCode(200);
        } finally {
            identity.start();
        }

        String afterOutage = issuer.token();
        Instant deadline = Instant.now().plus(RECOVERY_WITHIN);
        int status = 0;
        while (Instant.now().isBefore(deadline)) {
            status = given().header("Authorization", "Bearer " + afterOutage).when().get("/test/whoami").then().extract().statusCode();
            if (status == 200) {
                break;
            }
            assertEquals(503, status, "while recovering the answer stays 503");
            Thread.sleep(250);
        }
        assertEquals(200, status, "not recovered within " + RECOVERY_WITHIN);
        assertEquals(CircuitBreakerState.CLOSED, breakers.currentState(IdentityIntrospection.CIRCUIT_BREAKER));
    }
}
