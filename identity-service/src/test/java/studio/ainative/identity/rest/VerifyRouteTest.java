package studio.ainative.identity.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import studio.ainative.identity.fixtures.IdpServerResource;
import studio.ainative.identity.fixtures.Platform;
import studio.ainative.platform.testing.TestClock;
import studio.ainative.platform.testing.TestIdp;

/** The verify route's HTTP surface: the guide's bodies member for member, its headers, and the methods it refuses. */
@QuarkusTest
@QuarkusTestResource(IdpServerResource.class)
class VerifyRouteTest {

    @Inject
    MeterRegistry meters;

    @Test
    void aValidTokenGetsTheGuidesBodyAndNothingElse() {
        TestClock.INSTANCE.release();
        Platform.Project project = Platform.newProject();
        TestIdp idp = TestIdp.create();
        Platform.registerOk(project, idp);

        Response r = Platform.verify(idp.token("user-route-1"));
        r.then().statusCode(200).contentType(startsWith("application/json"));
        Map<String, Object> body = r.jsonPath().getMap("$");
        assertEquals(Set.of("valid", "provider", "user_id", "email", "project_id", "expires_at"), body.keySet());
        assertEquals(true, body.get("valid"));
        assertEquals("user-route-1", body.get("user_id"));
        assertEquals(project.id(), body.get("project_id"));
        Instant.parse((String) body.get("expires_at")); // ISO-8601, as the JAX-RS resource wrote it
    }

    @Test
    void aProjectApiKeyIsValidButNoEndUser() {
        Platform.Project project = Platform.newProject();
        Response r = Platform.verify(project.apiKey());
        r.then().statusCode(200);
        assertEquals(Map.of("valid", true, "token_type", "api_key", "project_id", project.id()), r.jsonPath().getMap("$"));
    }

    @Test
    void noBearerTokenIsA401WithTheChallenge() {
        given().header("Authorization", "Basic dXNlcjpwYXNz").when().get(VerifyRoute.PATH)
                .then().statusCode(401).header("WWW-Authenticate", "Bearer").contentType(startsWith("application/json"))
                .body("valid", is(false)).body("error", equalTo("invalid_request"))
                .body("error_description", equalTo("bearer token missing"));
    }

    @Test
    void anInvalidTokenIsA401NamingWhy() {
        Platform.verify("not.a.token").then().statusCode(401)
                .header("WWW-Authenticate", startsWith("Bearer error=\"invalid_token\""))
                .body("valid", is(false)).body("error", equalTo("invalid_token"));
    }

    /** The HTTP server metrics skip this route: it counts its own answers by status. */
    @Test
    void answersAreCountedByStatus() {
        Platform.Project project = Platform.newProject();
        double ok = responses("200");
        double unauthorized = responses("401");
        double notAllowed = responses("405");
        Platform.verify(project.apiKey()).then().statusCode(200);
        Platform.verify("not.a.token").then().statusCode(401);
        given().header("Authorization", "Bearer " + project.apiKey()).when().post(VerifyRoute.PATH).then().statusCode(405);
        assertEquals(ok + 1, responses("200"));
        assertEquals(unauthorized + 1, responses("401"));
        assertEquals(notAllowed + 1, responses("405"));
        String exposed = given().get("/q/metrics").asString();
        assertTrue(exposed.contains("identity_verify_responses_total{"), "exposed on /q/metrics");
        assertFalse(exposed.contains("uri=\"/api/v1/auth/verify\""), "the HTTP server timer skips /verify");
    }

    private double responses(String status) {
        return meters.counter("identity.verify.responses", "status", status).count();
    }

    @Test
    void headAnswersAsGetWithoutABody() {
        Platform.Project project = Platform.newProject();
        given().header("Authorization", "Bearer " + project.apiKey()).when().head(VerifyRoute.PATH)
                .then().statusCode(200).body(emptyString());
    }

    @Test
    void otherMethodsAre405WithAllow() {
        Platform.Project project = Platform.newProject();
        for (String method : new String[] {"POST", "PUT", "DELETE", "PATCH"}) {
            given().header("Authorization", "Bearer " + project.apiKey()).when().request(method, VerifyRoute.PATH)
                    .then().statusCode(405).header("Allow", "GET, HEAD")
                    .body("valid", is(false)).body("error", equalTo("method_not_allowed"))
                    .body("user_id", nullValue());
        }
    }
}
