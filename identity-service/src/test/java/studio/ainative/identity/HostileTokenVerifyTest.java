package studio.ainative.identity;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import studio.ainative.identity.fixtures.IdpServerResource;
import studio.ainative.identity.fixtures.Platform;
import studio.ainative.identity.verification.RejectionReason;

/**
 * TOKEN-ATTACKS.md through {@code GET /api/v1/auth/verify}: the token in {@code Authorization: Bearer},
 * the project in {@code X-Project-ID}; a refusal is 401 {@code invalid_token} with its challenge and
 * {@code error_description}. Plus the rows about the header itself (14: its size, 28: the scheme's case).
 */
@QuarkusTest
@QuarkusTestResource(IdpServerResource.class)
class HostileTokenVerifyTest extends HostileTokenTest {

    @Override
    protected Response present(String token) {
        return Platform.verify(token);
    }

    @Override
    protected Response presentForProject(String token, String projectId) {
        return Platform.verify(token, projectId);
    }

    @Override
    protected void assertAccepted(Response r) {
        r.then().statusCode(200).body("valid", is(true)).body("project_id", equalTo(project.id()));
    }

    @Override
    protected void assertRejected(Response r) {
        r.then().statusCode(401)
                .header("WWW-Authenticate", containsString("Bearer error=\"invalid_token\""))
                .body("valid", is(false))
                .body("error", equalTo("invalid_token"));
    }

    @Override
    protected void assertRejected(Response r, RejectionReason why) {
        assertRejected(r);
        r.then().body("error_description", equalTo(why.description()))
                .header("WWW-Authenticate", containsString("error_description=\"" + why.description() + "\""));
    }

    @Override
    protected void assertNotTakenForProject(Response r, Platform.Project namedProject) {
        r.then().statusCode(403).body("valid", is(false)).body("error", equalTo("project_mismatch"));
    }

    // --- 14. size of the Authorization header ----------------------------------------------------

    @Test
    void refusesSixtyFourKibibyteAuthorizationHeader() {
        int status = present("a".repeat(64 * 1024)).statusCode();
        assertTrue(status == 431 || status == 401, "expected 431 or 401, got " + status);
    }

    @Test
    void refusesOneMebibyteAuthorizationHeader() {
        int status;
        try {
            status = present("a".repeat(1024 * 1024)).statusCode();
        } catch (Exception connectionClosedByServer) {
            status = 431;
        }
        assertTrue(status == 431 || status == 401, "expected 431 or 401, got " + status);
    }

    // --- 28. scheme case -------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"bearer", "BEARER", "BeArEr"})
    void acceptsBearerSchemeInAnyCase(String scheme) {
        assertAccepted(RestAssured.given().header("Authorization", scheme + " " + idp.token()).get("/api/v1/auth/verify"));
    }
}
