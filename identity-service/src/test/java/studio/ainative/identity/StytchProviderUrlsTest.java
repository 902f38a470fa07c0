package studio.ainative.identity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import studio.ainative.identity.fixtures.IdpServerResource;
import studio.ainative.identity.fixtures.Platform;
import studio.ainative.identity.fixtures.StytchProject;
import studio.ainative.platform.testing.TestIdp;

/**
 * A stytch provider's JWKS URL and session API base, derived from its project id when the
 * registration names stytch.com (the guide's text) or no jwks_uri: the registration's answer, the
 * stored provider, the keys used to verify and the session API asked for emails. Stytch's API hosts
 * are the stand-in's here (IdpServerResource); StytchEndpointsTest checks the real ones.
 */
@QuarkusTest
@QuarkusTestResource(IdpServerResource.class)
class StytchProviderUrlsTest {

    private Platform.Project project;

    @BeforeEach
    void newProject() {
        project = Platform.newProject();
    }

    @Test
    void derivesTheTestHostsUrlsFromTheGuidesStytchComUrl() {
        assertDerivedStoredAndUsed(StytchProject.test()).then()
                .body("notes", hasSize(1))
                .body("notes[0]", containsString("jwks_uri and api_base_url were derived from client_id"))
                .body("notes[0]", containsString("not from stytch.com"));
    }

    @Test
    void derivesTheLiveHostsUrlsForALiveProject() {
        assertDerivedStoredAndUsed(StytchProject.live()).then()
                .body("jwks_uri", containsString(StytchProject.LIVE_API_PATH + "/v1/sessions/jwks/project-live-"));
    }

    /**
     * Registers the guide's body for the project and checks the answer and the stored provider name
     * the derived URLs, that tokens verify with the keys there and that emails come from the session
     * API there. Returns the registration's answer.
     */
    private Response assertDerivedStoredAndUsed(StytchProject stytch) {
        Response registered = Platform.register(project, stytch.guideRegistration(null));
        registered.then().statusCode(201)
                .body("jwks_uri", equalTo(stytch.derivedJwksUri()))
                .body("api_base_url", equalTo(stytch.apiBaseUrl()))
                .body("jwks_uri_derived", is(true))
                .body("jwks.usable_keys", equalTo(1));
        authorized().get("/api/v1/auth/providers/" + registered.path("id")).then().statusCode(200)
                .body("jwks_uri", equalTo(stytch.derivedJwksUri()))
                .body("api_base_url", equalTo(stytch.apiBaseUrl()))
                .body("jwks_uri_derived", nullValue());
        StytchProject.Email email = StytchProject.Email.verified("derived");
        String userId = stytch.user(email);
        Platform.verify(stytch.sign(stytch.session(userId, StytchProject.passwordFactor()))).then().statusCode(200)
                .body("user_id", equalTo(userId)).body("email", equalTo(email.email()));
        assertEquals(1, stytch.sessionLookups(), "the email came from the derived session API");
        return registered;
    }

    @Test
    void derivesTheJwksUriWhenTheRegistrationGivesNone() {
        StytchProject stytch = StytchProject.test();
        String body = stytch.guideRegistration(null).replace("\"jwks_uri\":\"https://stytch.com/v1/sessions/jwks/" + stytch.projectId + "\",", "");
        Platform.register(project, body).then().statusCode(201)
                .body("jwks_uri", equalTo(stytch.derivedJwksUri()))
                .body("api_base_url", equalTo(stytch.apiBaseUrl()))
                .body("jwks_uri_derived", is(true));
        String userId = stytch.user(StytchProject.Email.verified("nojwks"));
        Platform.verify(stytch.sign(stytch.session(userId, StytchProject.passwordFactor()))).then().statusCode(200)
                .body("user_id", equalTo(userId));
    }

    @Test
    void keepsAJwksUriOffStytchComAsTheLocalStackGivesDevkits() {
        TestIdp idp = TestIdp.create();
        Platform.register(project, idp.registration(null)).then().statusCode(201)
                .body("jwks_uri", equalTo(idp.jwksUri()))
                .body("api_base_url", nullValue())
                .body("jwks_uri_derived", is(false))
                .body("notes", nullValue());
    }

    @Test
    void derivesAnApiBaseUrlOnStytchComAlone() {
        StytchProject stytch = StytchProject.test();
        String body = stytch.guideRegistration("\"api_base_url\":\"https://stytch.com\"")
                .replace("https://stytch.com/v1/sessions/jwks/" + stytch.projectId, stytch.derivedJwksUri());
        Platform.register(project, body).then().statusCode(201)
                .body("jwks_uri", equalTo(stytch.derivedJwksUri()))
                .body("api_base_url", equalTo(stytch.apiBaseUrl()))
                .body("jwks_uri_derived", is(false))
                .body("notes[0]", containsString("api_base_url was derived from client_id"));
    }

    @Test
    void refusesToDeriveForAClientIdThatIsNoStytchProjectId() {
        // The guide's placeholder, copied verbatim.
        String guide = StytchProject.test().guideRegistration(null).replaceAll("project-test-[0-9a-f-]+", "YOUR_STYTCH_PROJECT_ID");
        Platform.register(project, guide).then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("jwks_uri_not_derivable")).body("detail", containsString("project-test-"));
        String withoutJwks = guide.replace("\"jwks_uri\":\"https://stytch.com/v1/sessions/jwks/YOUR_STYTCH_PROJECT_ID\",", "");
        Platform.register(project, withoutJwks).then().statusCode(400).body("code", equalTo("jwks_uri_not_derivable"));
        authorized().get("/api/v1/auth/providers").then().statusCode(200).body("providers", hasSize(0));
    }

    @Test
    void aPatchToAnotherProjectMovesTheDerivedUrlsWithIt() {
        StytchProject before = StytchProject.test();
        String id = Platform.register(project, before.guideRegistration(null)).then().statusCode(201).extract().path("id");
        StytchProject after = StytchProject.live();
        authorized().contentType(ContentType.JSON)
                .body("{\"client_id\":\"" + after.projectId + "\",\"issuer\":\"" + after.issuer + "\",\"api_secret\":\"" + after.secret + "\"}")
                .patch("/api/v1/auth/providers/" + id).then().statusCode(200)
                .body("jwks_uri", equalTo(after.derivedJwksUri()))
                .body("api_base_url", equalTo(after.apiBaseUrl()))
                .body("audience", equalTo(after.projectId))
                .body("jwks_uri_derived", is(true));
        StytchProject.Email email = StytchProject.Email.verified("moved");
        String userId = after.user(email);
        Platform.verify(after.sign(after.session(userId, StytchProject.passwordFactor()))).then().statusCode(200)
                .body("email", equalTo(email.email()));
        assertEquals(1, after.sessionLookups());
    }

    @Test
    void aPatchToAnotherProjectKeepsAJwksUriTheRegistrationGave() {
        TestIdp idp = TestIdp.create();
        String explicit = idp.registration(null).replace(idp.clientId, "project-test-explicit-" + UUID.randomUUID());
        String id = Platform.register(project, explicit).then().statusCode(201).body("jwks_uri_derived", is(false)).extract().path("id");
        authorized().contentType(ContentType.JSON).body("{\"client_id\":\"project-live-other-" + UUID.randomUUID() + "\"}")
                .patch("/api/v1/auth/providers/" + id).then().statusCode(200)
                .body("jwks_uri", equalTo(idp.jwksUri()))
                .body("api_base_url", nullValue())
                .body("jwks_uri_derived", is(false));
    }

    private RequestSpecification authorized() {
        return given().header("Authorization", "Bearer " + project.apiKey());
    }
}
