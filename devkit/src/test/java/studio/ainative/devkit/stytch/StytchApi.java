package studio.ainative.devkit.stytch;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.startsWith;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;

/** Calls the emulator the way a Stytch client would, for tests. */
final class StytchApi {

    private StytchApi() {
    }

    static String projectId() {
        return ConfigProvider.getConfig().getValue("devkit.stytch.project-id", String.class);
    }

    static String secret() {
        return ConfigProvider.getConfig().getValue("devkit.stytch.secret", String.class);
    }

    static String publicBaseUrl() {
        return ConfigProvider.getConfig().getValue("devkit.stytch.public-base-url", String.class);
    }

    /** Each test owns its users: a fresh address per call. */
    static String uniqueEmail(String label) {
        return label + "-" + UUID.randomUUID() + "@example.com";
    }

    static RequestSpecification withProjectSecret() {
        return given().auth().preemptive().basic(projectId(), secret()).contentType(ContentType.JSON);
    }

    static JsonPath sendMagicLink(String email) {
        return withProjectSecret().body(Map.of("email", email))
                .when().post("/v1/magic_links/email/send")
                .then().statusCode(200).extract().jsonPath();
    }

    static String outboxToken(String email) {
        return given().queryParam("email", email)
                .when().get("/dev/outbox")
                .then().statusCode(200).extract().jsonPath().getString("token");
    }

    static ValidatableResponse authenticateMagicLink(String token, Integer sessionDurationMinutes) {
        Map<String, Object> body = sessionDurationMinutes == null
                ? Map.of("token", token)
                : Map.of("token", token, "session_duration_minutes", sessionDurationMinutes);
        return withProjectSecret().body(body).when().post("/v1/magic_links/authenticate").then();
    }

    /** A user who clicked a fresh magic link and asked for a session of the given length. */
    static JsonPath loggedIn(String email, int sessionDurationMinutes) {
        sendMagicLink(email);
        return authenticateMagicLink(outboxToken(email), sessionDurationMinutes)
                .statusCode(200).extract().jsonPath();
    }

    static ValidatableResponse authenticateSession(Map<String, Object> body) {
        return withProjectSecret().body(body).when().post("/v1/sessions/authenticate").then();
    }

    static ValidatableResponse revokeSession(Map<String, Object> body) {
        return withProjectSecret().body(body).when().post("/v1/sessions/revoke").then();
    }

    static JsonPath devToken(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body)
                .when().post("/dev/tokens")
                .then().statusCode(200).extract().jsonPath();
    }

    static JsonPath rotateKeys(boolean retireOld) {
        return given().queryParam("retire_old", retireOld)
                .when().post("/dev/keys/rotate")
                .then().statusCode(200).extract().jsonPath();
    }

    /** Asserts Stytch's error envelope, not just the status. */
    static void assertStytchError(ValidatableResponse response, int status, String errorType) {
        response.statusCode(status)
                .contentType(ContentType.JSON)
                .body("status_code", equalTo(status))
                .body("error_type", equalTo(errorType))
                .body("error_message", not(emptyOrNullString()))
                .body("request_id", startsWith("request-id-test-"));
    }
}
