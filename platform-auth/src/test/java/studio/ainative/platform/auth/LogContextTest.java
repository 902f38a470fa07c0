package studio.ainative.platform.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import studio.ainative.platform.testing.IdentityServiceResource;
import studio.ainative.platform.testing.Tenant;
import studio.ainative.platform.testing.TestIdp;
import studio.ainative.platform.web.RequestIds;

/** Once authenticated, a request's log lines name its caller and project, and never its credential. */
@QuarkusTest
@WithTestResource(IdentityServiceResource.class)
class LogContextTest {

    private static Tenant tenant;
    private static TestIdp issuer;

    @BeforeAll
    static void tenant() {
        tenant = Tenant.create("platform-auth-log-context");
        issuer = tenant.idp();
    }

    private static ValidatableResponse logContext(String path, String header, String value, String requestId) {
        return given().header(header, value).header(RequestIds.HEADER, requestId)
                .when().get(path)
                .then().statusCode(200).body("requestId", equalTo(requestId));
    }

    @Test
    void anEndUsersLinesNameTheUserAndProject() {
        logContext("/test/log-context", "Authorization", "Bearer " + issuer.token("user-test-logged"), "log-user-1")
                .body("principal", equalTo("user-test-logged"))
                .body("projectId", equalTo(tenant.projectId().toString()));
    }

    @Test
    void anApiKeysLinesNameTheKeyNotTheKeyItself() {
        String keyId = given().header("X-API-Key", tenant.apiKey()).when().get("/test/whoami")
                .then().statusCode(200).extract().path("principal.keyId");
        logContext("/test/log-context/reactive", "X-API-Key", tenant.apiKey(), "log-key-1")
                .body("principal", equalTo("api_key:" + keyId))
                .body("projectId", equalTo(tenant.projectId().toString()));
    }

    @Test
    void theEventLoopAndAWorkerSeeTheSameContext() {
        String token = issuer.token("user-test-both");
        logContext("/test/log-context", "Authorization", "Bearer " + token, "log-worker-1").body("principal", equalTo("user-test-both"));
        logContext("/test/log-context/reactive", "Authorization", "Bearer " + token, "log-loop-1").body("principal", equalTo("user-test-both"));
    }

    @Test
    void anAnonymousRequestNamesNoCaller() {
        given().header(RequestIds.HEADER, "log-anonymous-1").when().get("/test/log-context/open")
                .then().statusCode(200)
                .body("requestId", equalTo("log-anonymous-1"))
                .body("principal", nullValue())
                .body("projectId", nullValue());
    }
}
