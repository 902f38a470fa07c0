package studio.ainative.devkit.stytch;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static studio.ainative.devkit.stytch.StytchApi.assertStytchError;
import static studio.ainative.devkit.stytch.StytchApi.uniqueEmail;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ProjectCredentialsTest {

    private static Map<String, Object> sendBody() {
        return Map.of("email", uniqueEmail("creds"));
    }

    @Test
    void rejectsTheRightProjectWithTheWrongSecret() {
        assertStytchError(given().auth().preemptive().basic(StytchApi.projectId(), "secret-test-wrong")
                .contentType(ContentType.JSON).body(sendBody())
                .when().post("/v1/magic_links/email/send").then(), 401, "unauthorized_credentials");
    }

    @Test
    void rejectsTheRightSecretUnderAnotherProjectId() {
        assertStytchError(given().auth().preemptive().basic("project-test-other", StytchApi.secret())
                .contentType(ContentType.JSON).body(sendBody())
                .when().post("/v1/magic_links/email/send").then(), 401, "unauthorized_credentials");
    }

    @Test
    void rejectsARequestWithoutAuthorization() {
        assertStytchError(given().contentType(ContentType.JSON).body(sendBody())
                .when().post("/v1/magic_links/email/send").then(), 401, "unauthorized_credentials");
    }

    @Test
    void rejectsTheSecretSentAsABearerToken() {
        assertStytchError(given().header("Authorization", "Bearer " + StytchApi.secret())
                .contentType(ContentType.JSON).body(sendBody())
                .when().post("/v1/magic_links/email/send").then(), 401, "unauthorized_credentials");
    }

    @Test
    void rejectsSessionCallsWithoutCredentials() {
        assertStytchError(given().contentType(ContentType.JSON).body(Map.of("session_token", "anything"))
                .when().post("/v1/sessions/authenticate").then(), 401, "unauthorized_credentials");
    }

    @Test
    void protectsUnknownV1RoutesBeforeSayingTheyDoNotExist() {
        assertStytchError(given().when().get("/v1/no_such_api").then(), 401, "unauthorized_credentials");
    }

    @Test
    void servesTheJwksWithoutCredentialsAndCacheable() {
        given().when().get("/v1/sessions/jwks/" + StytchApi.projectId())
                .then().statusCode(200)
                .header("Cache-Control", "public, max-age=300")
                .body("status_code", equalTo(200))
                .body("request_id", startsWith("request-id-test-"))
                .body("keys.kty", everyItem(equalTo("RSA")))
                .body("keys.alg", everyItem(equalTo("RS256")))
                .body("keys.use", everyItem(equalTo("sig")))
                .body("keys.kid", everyItem(startsWith("jwk-test-")))
                .body("keys[0].n", notNullValue())
                .body("keys[0].e", equalTo("AQAB"))
                .body("keys[0]", not(hasKey("d")));
    }

    @Test
    void jwksOfAnUnknownProjectIsNotFound() {
        assertStytchError(given().when().get("/v1/sessions/jwks/project-test-unknown").then(),
                404, "project_not_found");
    }
}
