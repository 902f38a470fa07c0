package studio.ainative.identity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;
import studio.ainative.identity.fixtures.IdpServerResource;

/** The request id on every kind of answer (resources, the introspection route), and the OpenAPI document's errors. */
@QuarkusTest
@QuarkusTestResource(IdpServerResource.class)
class ObservabilityTest {

    private static ValidatableResponse document() {
        return given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200);
    }

    @Test
    void aRefusedManagementCallReturnsTheCallersRequestId() {
        given().header("X-Request-ID", "identity-refused-1").when().get("/api/v1/auth/api-keys")
                .then().statusCode(401).header("X-Request-ID", "identity-refused-1").body("code", equalTo("missing_credentials"));
    }

    @Test
    void theIntrospectionRouteReturnsTheCallersRequestId() {
        given().header("X-Request-ID", "identity-introspect-1").contentType("application/x-www-form-urlencoded").body("token=x")
                .when().post("/internal/v1/introspect")
                .then().statusCode(401).header("X-Request-ID", "identity-introspect-1").body("code", equalTo("invalid_client"));
    }

    @Test
    void managementErrorsAreProblems() {
        document()
                .body("components.schemas.Problem.required", hasItems("type", "title", "status", "code"))
                .body("paths.'/api/v1/auth/api-keys'.get.responses.default.content.'application/problem+json'.schema.'$ref'",
                        equalTo("#/components/schemas/Problem"))
                .body("paths.'/api/v1/auth/providers'.post.responses.'400'.content.'application/problem+json'.schema.'$ref'",
                        equalTo("#/components/schemas/Problem"));
    }

    @Test
    void verifyKeepsTheGuidesShapeForItsRefusals() {
        document()
                .body("paths.'/api/v1/auth/verify'.get.responses.'401'.content.'application/json'.schema.'$ref'",
                        equalTo("#/components/schemas/Invalid"))
                .body("paths.'/api/v1/auth/verify'.get.responses.default.content.'application/json'.schema.'$ref'",
                        equalTo("#/components/schemas/Invalid"))
                .body("paths.'/api/v1/auth/verify'.get.parameters.'$ref'", hasItems("#/components/parameters/RequestId"));
    }
}
