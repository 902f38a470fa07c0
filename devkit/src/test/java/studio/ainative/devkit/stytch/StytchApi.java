package studio.ainative.devkit.stytch;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;

/** Calls the emulator the way a Stytch client would, for tests. */
final class StytchApi {

    /** Passes devkit's strength rule: long, and none of its pieces are guessable. */
    static final String STRONG_PASSWORD = "violet-Kettle-41-harbour";

    private StytchApi() {
    }

    static String projectId() {
        return ConfigProvider.getConfig().getValue("devkit.stytch.project-id", String.class);
    }

    static String secret() {
        return ConfigProvider.getConfig().getValue("devkit.stytch.secret", String.class);
    }

    static String publicToken() {
        return ConfigProvider.getConfig().getValue("devkit.stytch.public-token", String.class);
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

    static ValidatableResponse post(String path, Map<String, ?> body) {
        return withProjectSecret().body(body).when().post(path).then();
    }

    /** Magic link for a new or returning user (login_or_create). */
    static JsonPath loginOrCreateMagicLink(String email) {
        return post("/v1/magic_links/email/login_or_create", Map.of("email", email))
                .statusCode(200).extract().jsonPath();
    }

    /** Magic link for an existing user (send). */
    static JsonPath sendMagicLink(String email) {
        return post("/v1/magic_links/email/send", Map.of("email", email)).statusCode(200).extract().jsonPath();
    }

    static JsonPath outbox(String email, String kind) {
        return given().queryParam("email", email).queryParam("kind", kind)
                .when().get("/dev/outbox")
                .then().statusCode(200).extract().jsonPath();
    }

    static String outboxToken(String email) {
        return outbox(email, "magic_link").getString("token");
    }

    static ValidatableResponse authenticateMagicLink(String token, Integer sessionDurationMinutes) {
        return post("/v1/magic_links/authenticate", withDuration(Map.of("token", token), sessionDurationMinutes));
    }

    /** A user who clicked a fresh magic link and asked for a session of the given length. */
    static JsonPath loggedIn(String email, int sessionDurationMinutes) {
        loginOrCreateMagicLink(email);
        return authenticateMagicLink(outboxToken(email), sessionDurationMinutes)
                .statusCode(200).extract().jsonPath();
    }

    static JsonPath otpLoginOrCreate(String email) {
        return post("/v1/otps/email/login_or_create", Map.of("email", email)).statusCode(200).extract().jsonPath();
    }

    static String outboxCode(String email) {
        return outbox(email, "otp").getString("code");
    }

    static ValidatableResponse authenticateOtp(String methodId, String code, Integer sessionDurationMinutes) {
        return post("/v1/otps/authenticate",
                withDuration(Map.of("method_id", methodId, "code", code), sessionDurationMinutes));
    }

    static ValidatableResponse createPasswordUser(String email, String password, Integer sessionDurationMinutes) {
        return post("/v1/passwords",
                withDuration(Map.of("email", email, "password", password), sessionDurationMinutes));
    }

    static ValidatableResponse authenticatePassword(String email, String password, Integer sessionDurationMinutes) {
        return post("/v1/passwords/authenticate",
                withDuration(Map.of("email", email, "password", password), sessionDurationMinutes));
    }

    /** The browser's visit to the OAuth start URL, with the redirect not followed. */
    static ValidatableResponse startGoogle(Map<String, String> query) {
        return given().redirects().follow(false).queryParams(query)
                .when().get("/v1/public/oauth/google/start").then();
    }

    /** The token Google's (devkit's) callback put on the redirect for this Google account. */
    static String googleToken(String email) {
        startGoogle(Map.of("public_token", publicToken(), "devkit_email", email)).statusCode(302);
        return outbox(email, "oauth").getString("token");
    }

    static ValidatableResponse authenticateOAuth(String token, Integer sessionDurationMinutes) {
        return post("/v1/oauth/authenticate", withDuration(Map.of("token", token), sessionDurationMinutes));
    }

    static ValidatableResponse getUser(String userId) {
        return withProjectSecret().when().get("/v1/users/" + userId).then();
    }

    static ValidatableResponse authenticateSession(Map<String, Object> body) {
        return post("/v1/sessions/authenticate", body);
    }

    static ValidatableResponse revokeSession(Map<String, Object> body) {
        return post("/v1/sessions/revoke", body);
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
                .body("error_url", equalTo(
                        "https://stytch.com/docs/api-reference/consumer/api/errors/" + status + "#" + errorType))
                .body("request_id", startsWith("request-id-test-"));
    }

    private static Map<String, Object> withDuration(Map<String, Object> body, Integer sessionDurationMinutes) {
        Map<String, Object> withDuration = new HashMap<>(body);
        if (sessionDurationMinutes != null) {
            withDuration.put("session_duration_minutes", sessionDurationMinutes);
        }
        return withDuration;
    }
}
