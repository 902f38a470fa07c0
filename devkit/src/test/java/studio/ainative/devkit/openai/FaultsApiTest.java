package studio.ainative.devkit.openai;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static studio.ainative.devkit.openai.OpenAiApi.MINI;
import static studio.ainative.devkit.openai.OpenAiApi.assertOpenAiError;
import static studio.ainative.devkit.openai.OpenAiApi.clearFaults;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fault-control API itself; what each fault does to a chat is FaultInjectionTest's. */
@QuarkusTest
class FaultsApiTest {

    @AfterEach
    void disarm() {
        clearFaults();
    }

    private static ValidatableResponse arm(Object body) {
        return given().contentType(ContentType.JSON).body(body).when().post("/dev/openai/faults").then();
    }

    private static Map<String, Object> fault(Object... members) {
        Map<String, Object> body = new HashMap<>();
        for (int i = 0; i < members.length; i += 2) {
            body.put((String) members[i], members[i + 1]);
        }
        return body;
    }

    @Test
    void armsAFaultAndShowsItWithItsDefaults() {
        arm(fault("mode", "error")).statusCode(201)
                .body("id", startsWith("fault-"))
                .body("mode", equalTo("error"))
                .body("status", equalTo(500))
                .body("delay_ms", equalTo(0))
                .body("after_chunks", nullValue())
                .body("model", nullValue())
                .body("remaining", nullValue());
    }

    @Test
    void listsArmedFaultsInOrderAndClearsThem() {
        arm(fault("mode", "stall", "after_chunks", 2, "model", MINI, "count", 3)).statusCode(201);
        arm(fault("mode", "delay", "delay_ms", 250)).statusCode(201);

        given().when().get("/dev/openai/faults").then().statusCode(200)
                .body("object", equalTo("list"))
                .body("data", hasSize(2))
                .body("data[0].mode", equalTo("stall"))
                .body("data[0].after_chunks", equalTo(2))
                .body("data[0].model", equalTo(MINI))
                .body("data[0].remaining", equalTo(3))
                .body("data[1].mode", equalTo("delay"))
                .body("data[1].delay_ms", equalTo(250));

        given().when().delete("/dev/openai/faults").then().statusCode(200).body("cleared", equalTo(2));
        given().when().get("/dev/openai/faults").then().statusCode(200).body("data", hasSize(0));
    }

    @Test
    void refusesAFaultWithoutAMode() {
        assertOpenAiError(arm(fault("status", 500)), 400, "mode", "missing_required_parameter");
    }

    @Test
    void refusesAnUnknownMode() {
        assertOpenAiError(arm(fault("mode", "explode")), 400, "mode", "invalid_value");
    }

    @Test
    void refusesAnErrorStatusThatIsNotAnError() {
        assertOpenAiError(arm(fault("mode", "error", "status", 302)), 400, "status", "invalid_value");
    }

    @Test
    void refusesAStatusOnAModeThatSendsNone() {
        assertOpenAiError(arm(fault("mode", "stall", "status", 500)), 400, "status", "invalid_value");
    }

    @Test
    void refusesAfterChunksOnAModeThatDoesNotCut() {
        assertOpenAiError(arm(fault("mode", "error", "after_chunks", 1)), 400, "after_chunks", "invalid_value");
    }

    @Test
    void refusesNegativeAfterChunks() {
        assertOpenAiError(arm(fault("mode", "disconnect", "after_chunks", -1)), 400, "after_chunks", "invalid_value");
    }

    @Test
    void refusesADelayFaultWithoutItsDelay() {
        assertOpenAiError(arm(fault("mode", "delay")), 400, "delay_ms", "missing_required_parameter");
    }

    @Test
    void refusesADelayOverTheCap() {
        assertOpenAiError(arm(fault("mode", "delay", "delay_ms", 60_001)), 400, "delay_ms", "invalid_value");
    }

    @Test
    void refusesANegativeDelay() {
        assertOpenAiError(arm(fault("mode", "error", "delay_ms", -5)), 400, "delay_ms", "invalid_value");
    }

    @Test
    void refusesACountBelowOne() {
        assertOpenAiError(arm(fault("mode", "error", "count", 0)), 400, "count", "invalid_value");
    }

    @Test
    void refusesAModelTheDevkitDoesNotServe() {
        assertOpenAiError(arm(fault("mode", "error", "model", "gpt-9")), 400, "model", "invalid_value");
    }

    @Test
    void refusesAMisspelledMember() {
        assertOpenAiError(arm(fault("mode", "delay", "delay", 100)), 400, "delay", "unknown_parameter");
    }

    @Test
    void refusesAMemberOfTheWrongType() {
        assertOpenAiError(arm(fault("mode", "error", "status", "a lot")), 400, "status", "invalid_type");
    }

    @Test
    void refusesMalformedJson() {
        assertOpenAiError(arm("{\"mode\":"), 400, null, "invalid_json");
    }

    @Test
    void refusesMoreFaultsThanTheBound() {
        for (int i = 0; i < 32; i++) {
            arm(fault("mode", "error", "model", MINI)).statusCode(201);
        }

        assertOpenAiError(arm(fault("mode", "error")), 400, null, "too_many_faults");
    }

    @Test
    void anUnknownControlRouteIsNotFound() {
        assertOpenAiError(given().when().get("/dev/openai/nothing").then(), 404, null, "unknown_url");
    }
}
