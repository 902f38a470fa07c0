package studio.ainative.platform.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import studio.ainative.platform.auth.fixtures.RecordingIdentityResource;
import studio.ainative.platform.web.RequestIds;

/** Every introspection attempt carries the id of the request it authenticates, retries included. */
@QuarkusTest
@TestProfile(RequestIdPropagationTest.WithRecordingIdentity.class)
class RequestIdPropagationTest {

    public static class WithRecordingIdentity implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(RecordingIdentityResource.class));
        }
    }

    @ConfigProperty(name = "platform.auth.identity-url")
    String identity;

    @Inject
    CircuitBreakerMaintenance breakers;

    @BeforeEach
    void freshBreakerAndRecord() {
        breakers.reset(IdentityIntrospection.CIRCUIT_BREAKER);
        recorded();
    }

    private List<String> recorded() {
        String body = given().baseUri(identity).when().get("/recorded").then().statusCode(200).extract().asString();
        return body.isEmpty() ? List.of() : List.of(body.split("\n"));
    }

    @Test
    void theCallersRequestIdReachesIdentityOnEveryAttempt() {
        given().header("Authorization", "Bearer some-token").header(RequestIds.HEADER, "propagated-1")
                .when().get("/test/whoami")
                .then().statusCode(503).body("code", equalTo("identity_unavailable"))
                .header(RequestIds.HEADER, "propagated-1");
        assertEquals(List.of("propagated-1", "propagated-1", "propagated-1"), recorded(), "one call and its two retries");
    }

    @Test
    void anIdTheServiceMadeIsTheOneIdentitySees() {
        String id = given().header("Authorization", "Bearer another-token")
                .when().get("/test/whoami")
                .then().statusCode(503).extract().header(RequestIds.HEADER);
        assertEquals(List.of(id, id, id), recorded());
    }
}
