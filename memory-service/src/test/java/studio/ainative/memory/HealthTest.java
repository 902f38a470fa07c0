package studio.ainative.memory;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import studio.ainative.platform.testing.IdentityServiceResource;

/** ./dev waits on readiness: it must answer UP with the database reachable, without a credential. */
@QuarkusTest
@QuarkusTestResource(IdentityServiceResource.class)
class HealthTest {

    @Test
    void readinessIsUpWithoutACredential() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void livenessIsUpWithoutACredential() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }
}
