package studio.ainative.identity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import studio.ainative.identity.fixtures.IdpServerResource;
import studio.ainative.identity.fixtures.Platform;
import studio.ainative.platform.testing.TestClock;
import studio.ainative.platform.testing.TestIdp;

/**
 * A provider's required claims and header {@code typ}: other tokens of the same issuer and audience
 * (M2M tokens, ID tokens) are not taken for end-user sessions.
 */
@QuarkusTest
@QuarkusTestResource(IdpServerResource.class)
class TokenRequirementsTest {

    private static final String REQUIREMENTS = "\"required_claims\":{\"token_type\":\"session\",\"mfa\":true,\"level\":2},"
            + "\"required_header_typ\":\"JWT\"";

    private Platform.Project project;
    private TestIdp idp;

    @BeforeEach
    void newProject() {
        TestClock.INSTANCE.release();
        project = Platform.newProject();
        idp = TestIdp.create();
    }

    private String session(String tokenType, String typ) {
        JwtClaims claims = idp.claims("a@example.com");
        if (tokenType != null) {
            claims.setClaim("token_type", tokenType);
        }
        claims.setClaim("mfa", true);
        claims.setClaim("level", 2);
        return TestIdp.sign(claims, idp.signingKey, "RS256", typ == null ? Map.of() : Map.of("typ", typ));
    }

    // --- registration ----------------------------------------------------------------------------

    @Test
    void registrationStoresAndShowsTheRequirements() {
        String id = Platform.register(project, idp.registration(REQUIREMENTS)).then().statusCode(201)
                .body("required_claims.token_type", equalTo("session"))
                .body("required_claims.mfa", is(true))
                .body("required_claims.level", equalTo(2))
                .body("required_header_typ", equalTo("JWT"))
                .extract().path("id");
        authorized().get("/api/v1/auth/providers/" + id).then().statusCode(200)
                .body("required_claims.token_type", equalTo("session")).body("required_header_typ", equalTo("JWT"));
    }

    @Test
    void refusesMoreThanEightRequiredClaims() {
        StringBuilder nine = new StringBuilder("\"required_claims\":{");
        for (int i = 0; i < 9; i++) {
            nine.append(i == 0 ? "" : ",").append("\"c").append(i).append("\":\"v\"");
        }
        Platform.register(project, idp.registration(nine.append('}').toString())).then().statusCode(400)
                .body("code", equalTo("invalid_provider"));
    }

    @Test
    void refusesARequiredClaimValueThatIsAnObject() {
        Platform.register(project, idp.registration("\"required_claims\":{\"token_type\":{\"a\":1}}")).then().statusCode(400)
                .body("code", equalTo("invalid_provider"));
    }

    @Test
    void refusesARequiredClaimValueThatIsNull() {
        Platform.register(project, idp.registration("\"required_claims\":{\"token_type\":null}")).then().statusCode(400)
                .body("code", equalTo("invalid_provider"));
    }

    @Test
    void refusesARequiredHeaderTypWithASpace() {
        Platform.register(project, idp.registration("\"required_header_typ\":\"J WT\"")).then().statusCode(400)
                .body("code", equalTo("invalid_provider"));
    }

    // --- verification ----------------------------------------------------------------------------

    @Test
    void acceptsATokenMeetingEveryRequirement() {
        Platform.registerOk(project, idp, REQUIREMENTS);
        Platform.verify(session("session", "JWT")).then().statusCode(200).body("valid", is(true));
    }

    @Test
    void refusesATokenMissingARequiredClaim() {
        Platform.registerOk(project, idp, REQUIREMENTS);
        Platform.verify(session(null, "JWT")).then().statusCode(401).body("valid", is(false));
    }

    @Test
    void refusesATokenWithAnotherValueOfARequiredClaim() {
        Platform.registerOk(project, idp, REQUIREMENTS);
        Platform.verify(session("m2m", "JWT")).then().statusCode(401).body("valid", is(false));
        Platform.introspect(session("m2m", "JWT")).then().statusCode(200).body("active", is(false));
    }

    @Test
    void refusesATokenWithAnotherHeaderTyp() {
        Platform.registerOk(project, idp, REQUIREMENTS);
        Platform.verify(session("session", "at+jwt")).then().statusCode(401).body("valid", is(false));
    }

    @Test
    void refusesATokenWithoutHeaderTypWhenOneIsRequired() {
        Platform.registerOk(project, idp, REQUIREMENTS);
        Platform.verify(session("session", null)).then().statusCode(401).body("valid", is(false));
    }

    @Test
    void aPatchRemovesTheRequirements() {
        String id = Platform.registerOk(project, idp, REQUIREMENTS);
        authorized().contentType(ContentType.JSON).body("{\"required_claims\":{},\"required_header_typ\":\"\"}")
                .patch("/api/v1/auth/providers/" + id).then().statusCode(200);
        Platform.verify(session(null, null)).then().statusCode(200).body("valid", is(true));
    }

    private io.restassured.specification.RequestSpecification authorized() {
        return given().header("Authorization", "Bearer " + project.apiKey());
    }
}
