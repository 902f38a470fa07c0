package studio.ainative.identity;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;
import studio.ainative.identity.fixtures.IdpServerResource;
import studio.ainative.identity.fixtures.Platform;
import studio.ainative.identity.verification.RejectionReason;

/**
 * TOKEN-ATTACKS.md through {@code POST /internal/v1/introspect}: the token in the form field
 * {@code token}, the project in {@code project_id}, with a service credential; a refusal is 200 and
 * exactly {@code {"active":false}} (RFC 7662 says nothing of why). Plus row 14 for the form field.
 */
@QuarkusTest
@QuarkusTestResource(IdpServerResource.class)
class HostileTokenIntrospectionTest extends HostileTokenTest {

    @Override
    protected Response present(String token) {
        return Platform.introspect(token);
    }

    @Override
    protected Response presentForProject(String token, String projectId) {
        return Platform.introspect(token, projectId);
    }

    @Override
    protected void assertAccepted(Response r) {
        r.then().statusCode(200).body("active", is(true)).body("token_type", equalTo("user"))
                .body("project_id", equalTo(project.id()));
    }

    @Override
    protected void assertRejected(Response r) {
        r.then().statusCode(200).contentType(ContentType.JSON).body("active", is(false)).body("size()", is(1));
    }

    @Override
    protected void assertRejected(Response r, RejectionReason why) {
        assertRejected(r);
    }

    @Override
    protected void assertUnknownKidRefused(Response r) {
        if (r.statusCode() == 503) {
            r.then().body("code", equalTo("temporarily_unavailable"));
        } else {
            assertRejected(r);
        }
    }

    /**
     * Introspection describes the token whatever project the caller named: it stays active and names its
     * own project, and the caller compares (platform-auth answers 403 {@code project_mismatch}); the
     * identity README lists no 403 for this endpoint, and platform-auth turns any 4xx from it but
     * {@code ambiguous_issuer} into a 500.
     */
    @Override
    protected void assertNotTakenForProject(Response r, Platform.Project namedProject) {
        r.then().statusCode(200).body("active", is(true))
                .body("project_id", not(equalTo(namedProject.id()))).body("project_id", equalTo(project.id()));
    }

    // --- 14. size of the token field -------------------------------------------------------------

    @Test
    void answersInactiveForATokenFieldOverSixteenKibibytes() {
        JwtClaims claims = idp.claims("a@example.com");
        claims.setClaim("padding", "p".repeat(13_000));
        String token = idp.sign(claims);
        assertTrue(token.length() > 16 * 1024, "length " + token.length());
        assertRejected(present(token));
        assertRejected(present("a".repeat(60 * 1024)));
    }

    @Test
    void refusesARequestBodyOverSixtyFourKibibytesWith413() {
        present("a".repeat(100 * 1024)).then().statusCode(413);
    }
}
