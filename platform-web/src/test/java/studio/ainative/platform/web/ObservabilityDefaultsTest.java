package studio.ainative.platform.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** /q/openapi with the error body and the request id documented once for all operations, and tracing wired but off. */
@QuarkusTest
class ObservabilityDefaultsTest {

    @Inject
    Vertx vertx;

    @Test
    void theProblemSchemaIsAComponent() {
        given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200)
                .body("components.schemas.Problem.required", hasItems("type", "title", "status", "code"))
                .body("components.schemas.Problem.properties.code.type", equalTo("string"));
    }

    @Test
    void everyOperationHasTheProblemAsItsDefaultResponse() {
        given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200)
                .body("paths.'/test/request-id'.get.responses.default.content.'application/problem+json'.schema.'$ref'",
                        equalTo("#/components/schemas/Problem"))
                .body("paths.'/test/log-line'.get.responses.default.description", notNullValue());
    }

    @Test
    void aDeclaredErrorResponseWithoutABodyGetsTheProblem() {
        given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200)
                .body("paths.'/test/refused'.get.responses.'409'.description", equalTo("always: the test's refusal"))
                .body("paths.'/test/refused'.get.responses.'409'.content.'application/problem+json'.schema.'$ref'",
                        equalTo("#/components/schemas/Problem"));
    }

    @Test
    void everyOperationTakesAndEveryAnswerCarriesTheRequestId() {
        given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200)
                .body("components.parameters.RequestId.name", equalTo(RequestIds.HEADER))
                .body("components.parameters.RequestId.in", equalTo("header"))
                .body("components.parameters.RequestId.schema.maxLength", equalTo(RequestIds.MAX_LENGTH))
                .body("paths.'/test/request-id'.get.parameters.'$ref'", hasItems("#/components/parameters/RequestId"))
                .body("paths.'/test/request-id'.get.responses.'200'.headers.'X-Request-ID'.'$ref'", equalTo("#/components/headers/RequestId"))
                .body("paths.'/test/refused'.get.responses.default.headers.'X-Request-ID'.'$ref'", equalTo("#/components/headers/RequestId"));
    }

    @Test
    void withoutAuthenticatedOperationsNoCredentialSchemeIsDeclared() {
        given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200)
                .body("components.securitySchemes", nullValue());
    }

    @Test
    void tracingIsOffSoVertxHasNoTracer() {
        assertNull(((VertxInternal) vertx).tracer(), "with quarkus.otel.sdk.disabled=true no tracer may be installed");
    }
}
