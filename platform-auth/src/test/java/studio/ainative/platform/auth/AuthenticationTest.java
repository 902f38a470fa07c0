package studio.ainative.platform.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import studio.ainative.platform.testing.IdentityAdmin;
import studio.ainative.platform.testing.IdentityAdmin.Project;
import studio.ainative.platform.testing.IdentityServiceResource;
import studio.ainative.platform.testing.TestIdp;

/** The library in a resource service, against a real identity-service process. */
@QuarkusTest
@WithTestResource(IdentityServiceResource.class)
class AuthenticationTest {

    private static Project project;
    private static Project otherProject;
    private static TestIdp issuer;
    /** Registered by both projects, first by {@link #project}: its tokens go there unless X-Project-ID names the other. */
    private static TestIdp sharedIssuer;

    @BeforeAll
    static void bootstrap() {
        IdentityAdmin identity = IdentityServiceResource.identity().admin();
        project = identity.createProject("platform-auth-authentication");
        otherProject = identity.createProject("platform-auth-authentication-other");
        issuer = TestIdp.create();
        sharedIssuer = TestIdp.create();
        identity.registerProvider(project, issuer);
        identity.registerProvider(project, sharedIssuer);
        identity.registerProvider(otherProject, sharedIssuer);
    }

    @Test
    void endUserTokenAuthenticatesWithRoleUser() {
        given().header("Authorization", "Bearer " + issuer.token("user-test-alice"))
                .when().get("/test/whoami")
                .then().statusCode(200)
                .body("name", equalTo("user-test-alice"))
                .body("roles", equalTo(List.of(PlatformRoles.USER)))
                .body("principal.tokenType", equalTo("USER"))
                .body("principal.projectId", equalTo(project.id().toString()))
                .body("principal.userId", equalTo("user-test-alice"))
                .body("principal.provider", equalTo("stytch"))
                .body("principal.claims.iss", equalTo(issuer.issuer));
    }

    @Test
    void bearerSchemeIsCaseInsensitive() {
        given().header("Authorization", "bearer " + issuer.token()).when().get("/test/whoami").then().statusCode(200);
        given().header("Authorization", "BEARER " + issuer.token()).when().get("/test/whoami").then().statusCode(200);
    }

    @Test
    void apiKeyHeaderAuthenticatesWithRoleApiKey() {
        given().header("X-API-Key", project.apiKey())
                .when().get("/test/whoami")
                .then().statusCode(200)
                .body("name", containsString("api_key:"))
                .body("roles", equalTo(List.of(PlatformRoles.API_KEY)))
                .body("principal.projectId", equalTo(project.id().toString()))
                .body("principal.userId", nullValue());
    }

    @Test
    void apiKeyMayUseAnApiKeyOnlyEndpointAndAnEndUserMayNot() {
        given().header("X-API-Key", project.apiKey()).when().get("/test/admin")
                .then().statusCode(200).body("projectId", equalTo(project.id().toString()));
        given().header("Authorization", "Bearer " + issuer.token()).when().get("/test/admin").then().statusCode(403);
    }

    @Test
    void apiKeyAlsoWorksAsABearerToken() {
        given().header("Authorization", "Bearer " + project.apiKey()).when().get("/test/admin").then().statusCode(200);
    }

    @Test
    void garbageTokenIsRefusedWithAnInvalidTokenChallenge() {
        given().header("Authorization", "Bearer not-a-token")
                .when().get("/test/whoami")
                .then().statusCode(401)
                .header("WWW-Authenticate", equalTo("Bearer error=\"invalid_token\""));
    }

    @Test
    void unknownApiKeyIsRefused() {
        given().header("X-API-Key", "ak_" + UUID.randomUUID()).when().get("/test/whoami").then().statusCode(401);
    }

    @Test
    void requestWithoutCredentialsIsChallengedOnProtectedEndpoints() {
        given().when().get("/test/whoami")
                .then().statusCode(401).header("WWW-Authenticate", equalTo("Bearer"));
    }

    @Test
    void requestWithoutCredentialsIsServedAnonymouslyOnOpenEndpoints() {
        given().when().get("/test/open").then().statusCode(200).body("anonymous", equalTo(true));
    }

    @Test
    void credentialsOnOpenEndpointsStillIdentifyTheCaller() {
        given().header("X-API-Key", project.apiKey()).when().get("/test/open").then().statusCode(200).body("anonymous", equalTo(false));
    }

    @Test
    void projectHeaderNamingAnotherProjectIsForbidden() {
        given().header("Authorization", "Bearer " + issuer.token()).header("X-Project-ID", otherProject.id().toString())
                .when().get("/test/whoami")
                .then().statusCode(403)
                .contentType("application/problem+json")
                .body("code", equalTo("project_mismatch"));
        given().header("X-API-Key", project.apiKey()).header("X-Project-ID", otherProject.id().toString())
                .when().get("/test/whoami")
                .then().statusCode(403).body("code", equalTo("project_mismatch"));
    }

    @Test
    void projectHeaderNamingTheCallersProjectIsAccepted() {
        given().header("X-API-Key", project.apiKey()).header("X-Project-ID", project.id().toString())
                .when().get("/test/whoami").then().statusCode(200);
    }

    @Test
    void malformedProjectHeaderIsABadRequest() {
        given().header("X-API-Key", project.apiKey()).header("X-Project-ID", "project-one")
                .when().get("/test/whoami")
                .then().statusCode(400).body("code", equalTo("invalid_project_id"));
    }

    @Test
    void issuerSharedByTwoProjectsGoesToTheOldestRegistrationUnlessTheProjectHeaderNamesAnother() {
        String token = sharedIssuer.token();
        given().header("Authorization", "Bearer " + token).when().get("/test/whoami")
                .then().statusCode(200).body("principal.projectId", equalTo(project.id().toString()));
        given().header("Authorization", "Bearer " + token).header("X-Project-ID", otherProject.id().toString())
                .when().get("/test/whoami")
                .then().statusCode(200).body("principal.projectId", equalTo(otherProject.id().toString()));
        given().header("Authorization", "Bearer " + token).header("X-Project-ID", project.id().toString())
                .when().get("/test/whoami")
                .then().statusCode(200).body("principal.projectId", equalTo(project.id().toString()));
    }

    @Test
    void introspectionLatencyAndOutcomesAreMeasured() {
        given().header("Authorization", "Bearer " + issuer.token()).when().get("/test/whoami").then().statusCode(200);
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("platform_auth_introspection_seconds_bucket{"), metrics);
        assertTrue(metrics.contains("platform_auth_authentications_total{outcome=\"authenticated\""));
    }
}
