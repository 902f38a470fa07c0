package studio.ainative.devkit.openai;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;

/** Calls the OpenAI emulator the way an OpenAI client would, for tests. */
final class OpenAiApi {

    static final String LLAMA = "llama-3.3-70b";
    static final String MINI = "gpt-4o-mini";

    private OpenAiApi() {
    }

    static String apiKey() {
        return ConfigProvider.getConfig().getValue("devkit.openai.api-key", String.class);
    }

    static RequestSpecification withApiKey() {
        return given().header("Authorization", "Bearer " + apiKey()).contentType(ContentType.JSON);
    }

    static Map<String, Object> userMessage(String text) {
        return Map.of("role", "user", "content", text);
    }

    /** A one-message chat body for the model, with any extra members. */
    static Map<String, Object> chat(String model, String userText, Map<String, Object> extra) {
        Map<String, Object> body = new LinkedHashMap<>(extra);
        body.put("model", model);
        body.put("messages", List.of(userMessage(userText)));
        return body;
    }

    static ValidatableResponse complete(Object body) {
        return withApiKey().body(body).when().post("/v1/chat/completions").then();
    }

    /** Asserts OpenAI's error envelope, not just the status; param and code may be null. */
    static void assertOpenAiError(ValidatableResponse response, int status, String param, String code) {
        response.statusCode(status)
                .contentType(ContentType.JSON)
                .header("x-request-id", startsWith("req_"))
                .body("error.message", not(emptyOrNullString()))
                .body("error.type", equalTo(status == 429 ? "requests"
                        : status >= 500 ? "server_error" : "invalid_request_error"))
                .body("error.param", param == null ? nullValue() : equalTo(param))
                .body("error.code", code == null ? nullValue() : equalTo(code));
    }

    static JsonPath stats() {
        return given().when().get("/dev/openai/stats").then().statusCode(200).extract().jsonPath();
    }

    /** Waits for a counter to reach a value: the server counts an exchange's end just after its last byte. */
    static void awaitStat(String counter, long expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        long actual = stats().getLong(counter);
        while (actual < expected && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            actual = stats().getLong(counter);
        }
        assertEquals(expected, actual, counter);
    }

    static JsonPath armFault(Map<String, Object> fault) {
        return given().contentType(ContentType.JSON).body(fault)
                .when().post("/dev/openai/faults")
                .then().statusCode(201).extract().jsonPath();
    }

    static void clearFaults() {
        given().when().delete("/dev/openai/faults").then().statusCode(200);
    }
}
