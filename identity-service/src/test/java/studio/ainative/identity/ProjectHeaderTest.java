package studio.ainative.identity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import studio.ainative.identity.fixtures.IdpServerResource;
import studio.ainative.identity.fixtures.Platform;
import studio.ainative.platform.testing.Tenant;
import studio.ainative.platform.testing.TestIdp;

/** {@code X-Project-ID} names a project by its UUID: any spelling of the same UUID is the same project. */
@QuarkusTest
@QuarkusTestResource(IdpServerResource.class)
class ProjectHeaderTest {

    private Tenant tenant;
    private TestIdp idp;
    private String upperCaseProject;

    @BeforeEach
    void provider() {
        tenant = Platform.tenant("project-header");
        idp = tenant.idp();
        upperCaseProject = tenant.projectId().toString().toUpperCase(Locale.ROOT);
    }

    @Test
    void verifyAcceptsTheProjectIdInUpperCase() {
        Platform.verify(idp.token(), upperCaseProject).then().statusCode(200)
                .body("valid", is(true)).body("project_id", equalTo(tenant.projectId().toString()));
    }

    @Test
    void verifyOfAnApiKeyAcceptsTheProjectIdInUpperCase() {
        Platform.verify(tenant.apiKey(), upperCaseProject).then().statusCode(200).body("project_id", equalTo(tenant.projectId().toString()));
    }

    @Test
    void anEndUserRevokesWithTheProjectIdInUpperCase() {
        String token = idp.token();
        given().header("Authorization", "Bearer " + token).header("X-Project-ID", upperCaseProject)
                .post("/api/v1/auth/revoke")
                .then().statusCode(200).body("applied", is(true));
        Platform.verify(token).then().statusCode(401);
    }

    @Test
    void anApiKeyRevokesWithTheProjectIdInUpperCase() {
        given().header("Authorization", "Bearer " + tenant.apiKey()).header("X-Project-ID", upperCaseProject)
                .contentType(ContentType.JSON).body("{\"session_id\":\"session-test-1\"}")
                .post("/api/v1/auth/revoke")
                .then().statusCode(200).body("applied", is(true));
    }

    @Test
    void theManagementApiAcceptsTheProjectIdInUpperCase() {
        given().header("Authorization", "Bearer " + tenant.apiKey()).header("X-Project-ID", upperCaseProject)
                .get("/api/v1/auth/providers")
                .then().statusCode(200);
    }

    @Test
    void theManagementApiRefusesAnInvalidProjectIdWith400() {
        given().header("Authorization", "Bearer " + tenant.apiKey()).header("X-Project-ID", "not-a-uuid")
                .get("/api/v1/auth/providers")
                .then().statusCode(400).body("code", equalTo("invalid_project_id"));
    }

    @Test
    void theManagementApiStillRefusesAnotherProjectsIdWith403() {
        given().header("Authorization", "Bearer " + tenant.apiKey()).header("X-Project-ID", Platform.newProject().id().toUpperCase(Locale.ROOT))
                .get("/api/v1/auth/providers")
                .then().statusCode(403).body("code", equalTo("project_mismatch"));
    }
}
