package studio.ainative.devkit.openai;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static studio.ainative.devkit.openai.OpenAiApi.LLAMA;
import static studio.ainative.devkit.openai.OpenAiApi.apiKey;
import static studio.ainative.devkit.openai.OpenAiApi.assertOpenAiError;
import static studio.ainative.devkit.openai.OpenAiApi.chat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** The OpenAI bearer key and Stytch's Basic credentials each open their own paths and nothing else. */
@QuarkusTest
class OpenAiCredentialsTest {

    private static String stytch(String key) {
        return ConfigProvider.getConfig().getValue("devkit.stytch." + key, String.class);
    }

    private static Map<String, Object> validChat() {
        return chat(LLAMA, "hello", Map.of());
    }

    @Test
    void refusesAChatWithoutAKey() {
        assertOpenAiError(given().contentType(ContentType.JSON).body(validChat())
                .when().post("/v1/chat/completions").then(), 401, null, "invalid_api_key");
    }

    @Test
    void refusesAWrongKeyWithoutQuotingIt() {
        String wrong = "sk-wrong-key-" + System.nanoTime();
        ValidatableResponse response = given().header("Authorization", "Bearer " + wrong).contentType(ContentType.JSON)
                .body(validChat()).when().post("/v1/chat/completions").then();

        assertOpenAiError(response, 401, null, "invalid_api_key");
        response.body(not(containsString(wrong)));
    }

    @Test
    void refusesTheKeyUnderTheBasicScheme() {
        assertOpenAiError(given().auth().preemptive().basic("user", apiKey()).contentType(ContentType.JSON)
                .body(validChat()).when().post("/v1/chat/completions").then(), 401, null, "invalid_api_key");
    }

    @Test
    void acceptsTheBearerSchemeInAnyCase() {
        given().header("Authorization", "bEaReR " + apiKey()).contentType(ContentType.JSON).body(validChat())
                .when().post("/v1/chat/completions").then().statusCode(200);
    }

    @Test
    void listingModelsNeedsTheKeyToo() {
        assertOpenAiError(given().when().get("/v1/models").then(), 401, null, "invalid_api_key");
    }

    @Test
    void stytchCredentialsDoNotOpenOpenAiPaths() {
        assertOpenAiError(given().auth().preemptive().basic(stytch("project-id"), stytch("secret"))
                .when().get("/v1/models").then(), 401, null, "invalid_api_key");
    }

    @Test
    void theOpenAiKeyDoesNotOpenStytchPaths() {
        given().header("Authorization", "Bearer " + apiKey()).contentType(ContentType.JSON)
                .body(Map.of("session_token", "anything"))
                .when().post("/v1/sessions/authenticate")
                .then().statusCode(401)
                .body("error_type", equalTo("unauthorized_credentials"));
    }

    @Test
    void protectsUnknownOpenAiPathsBeforeSayingTheyDoNotExist() {
        assertOpenAiError(given().when().get("/v1/chat/threads").then(), 401, null, "invalid_api_key");
    }

    @Test
    void theFaultControlApiNeedsNoKey() {
        given().when().get("/dev/openai/stats").then().statusCode(200);
    }
}
