package studio.ainative.devkit.stytch;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static studio.ainative.devkit.stytch.StytchApi.assertStytchError;
import static studio.ainative.devkit.stytch.StytchApi.withProjectSecret;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RequestErrorsTest {

    @Test
    void malformedJsonIsABadRequestInStytchsShape() {
        assertStytchError(withProjectSecret().body("{\"email\": ")
                .post("/v1/magic_links/email/send").then(), 400, "bad_request");
    }

    @Test
    void jsonOfTheWrongTypeIsABadRequestInStytchsShape() {
        assertStytchError(withProjectSecret().body("{\"token\": \"t\", \"session_duration_minutes\": \"sixty\"}")
                .post("/v1/magic_links/authenticate").then(), 400, "bad_request");
    }

    @Test
    void aJsonArrayInsteadOfAnObjectIsABadRequest() {
        assertStytchError(withProjectSecret().body("[]").post("/v1/sessions/authenticate").then(),
                400, "bad_request");
    }

    @Test
    void malformedJsonToADevHelperIsABadRequestToo() {
        assertStytchError(given().contentType(ContentType.JSON).body("{nope")
                .post("/dev/tokens").then(), 400, "bad_request");
    }

    @Test
    void aMissingBodyIsABadRequest() {
        assertStytchError(withProjectSecret().post("/v1/magic_links/authenticate").then(), 400, "bad_request");
    }

    @Test
    void anUnknownRouteIsNotFoundInStytchsShape() {
        assertStytchError(withProjectSecret().get("/v1/no_such_api/nobody").then(), 404, "route_not_found");
    }

    @Test
    void theWrongMethodIsRefusedInStytchsShape() {
        assertStytchError(withProjectSecret().get("/v1/magic_links/authenticate").then(), 405, "method_not_allowed");
    }

    @Test
    void healthReportsUp() {
        given().get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
    }
}
