package studio.ainative.chat;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static studio.ainative.chat.fixtures.Api.COMPLETIONS;
import static studio.ainative.chat.fixtures.Api.ask;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import studio.ainative.platform.testing.Tenant;
import studio.ainative.chat.fixtures.ChatStackResource;
import studio.ainative.platform.testing.IdentityServiceResource;

/** Every refusal is a 400 (or 401) in OpenAI's envelope naming the member, and nothing reaches an upstream. */
@QuarkusTest
@QuarkusTestResource(IdentityServiceResource.class)
@QuarkusTestResource(ChatStackResource.class)
class CompletionBadInputTest {

    private static Tenant tenant;

    @BeforeAll
    static void tenant() {
        tenant = Tenant.create("chat-bad-input");
    }

    @BeforeEach
    void upstreams() {
        ChatStackResource.primary().reset();
        ChatStackResource.secondary().reset();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "no messages            | {\"model\":\"test-model\"}                                                         | messages               | missing_required_parameter",
            "empty messages         | {\"model\":\"test-model\",\"messages\":[]}                                         | messages               | empty_array",
            "messages not an array  | {\"model\":\"test-model\",\"messages\":\"hi\"}                                     | messages               | invalid_type",
            "unknown role           | {\"model\":\"test-model\",\"messages\":[{\"role\":\"wizard\",\"content\":\"x\"}]}  | messages[0].role       | invalid_value",
            "no role                | {\"model\":\"test-model\",\"messages\":[{\"content\":\"x\"}]}                     | messages[0].role       | missing_required_parameter",
            "user without content   | {\"model\":\"test-model\",\"messages\":[{\"role\":\"user\"}]}                      | messages[0].content    | missing_required_parameter",
            "content of a number    | {\"model\":\"test-model\",\"messages\":[{\"role\":\"user\",\"content\":5}]}        | messages[0].content    | invalid_type",
            "tool without its id    | {\"model\":\"test-model\",\"messages\":[{\"role\":\"tool\",\"content\":\"x\"}]}    | messages[0].tool_call_id | missing_required_parameter",
            "max_tokens zero        | {\"model\":\"test-model\",\"max_tokens\":0,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}    | max_tokens | integer_below_min_value",
            "max_tokens negative    | {\"model\":\"test-model\",\"max_tokens\":-3,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}   | max_tokens | integer_below_min_value",
            "max_tokens over model  | {\"model\":\"test-model\",\"max_tokens\":1001,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]} | max_tokens | integer_above_max_value",
            "max_completion_tokens  | {\"model\":\"test-model\",\"max_completion_tokens\":5000,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]} | max_completion_tokens | integer_above_max_value",
            "max_tokens not integer | {\"model\":\"test-model\",\"max_tokens\":1.5,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}  | max_tokens | invalid_type",
            "n of two               | {\"model\":\"test-model\",\"n\":2,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}            | n | integer_above_max_value",
            "n over the model's     | {\"model\":\"multi-model\",\"n\":5,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}           | n | integer_above_max_value",
            "stream not boolean     | {\"model\":\"test-model\",\"stream\":\"yes\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}  | stream | invalid_type",
            "stream_options alone   | {\"model\":\"test-model\",\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]} | stream_options | invalid_value",
            "no model               | {\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}                             | model | missing_required_parameter",
            "memory unknown member  | {\"model\":\"test-model\",\"memory\":{\"depth\":3},\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]} | memory.depth | unknown_parameter",
            "memory limit too large | {\"model\":\"test-model\",\"memory\":{\"limit\":500},\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]} | memory.limit | invalid_value",
    })
    void refusesWithTheMemberAndSendsNothing(String name, String body, String param, String code) {
        tenant.asKey().body(body).post(COMPLETIONS).then().statusCode(400)
                .contentType(ContentType.JSON)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.param", equalTo(param))
                .body("error.code", equalTo(code));
        assertTrue(ChatStackResource.primary().requests.isEmpty(), "nothing sent upstream");
    }

    @Test
    void malformedJsonIs400() {
        tenant.asKey().body("{\"model\": \"test-model\", \"messages\": [").post(COMPLETIONS).then().statusCode(400)
                .body("error.code", equalTo("invalid_json")).body("error.param", nullValue());
        tenant.asKey().body("[1,2]").post(COMPLETIONS).then().statusCode(400).body("error.code", equalTo("invalid_json"));
        tenant.asKey().body("").post(COMPLETIONS).then().statusCode(400).body("error.code", equalTo("invalid_json"));
        assertTrue(ChatStackResource.primary().requests.isEmpty());
    }

    @Test
    void aBodyOverOneMebibyteIs400() {
        String big = "x".repeat(1024 * 1024);
        tenant.asKey().body("{\"model\":\"test-model\",\"messages\":[{\"role\":\"user\",\"content\":\"" + big + "\"}]}")
                .post(COMPLETIONS).then().statusCode(400)
                .body("error.code", equalTo("request_too_large")).body("error.type", equalTo("invalid_request_error"));
        assertTrue(ChatStackResource.primary().requests.isEmpty());
    }

    @Test
    void noTokenIs401InOpenAisEnvelopeWithAChallenge() {
        RestAssured.given().contentType(ContentType.JSON).body(ask("test-model", "x")).post(COMPLETIONS).then().statusCode(401)
                .header("WWW-Authenticate", "Bearer")
                .body("error.code", equalTo("invalid_api_key"));
        RestAssured.given().get("/api/v1/chat/models").then().statusCode(401)
                .header("WWW-Authenticate", "Bearer").body("error.code", equalTo("invalid_api_key"));
        assertTrue(ChatStackResource.primary().requests.isEmpty());
    }

    @Test
    void anInvalidTokenIs401() {
        Tenant.as("not-a-token").body(ask("test-model", "x")).post(COMPLETIONS).then().statusCode(401)
                .header("WWW-Authenticate", "Bearer error=\"invalid_token\"")
                .body("error.code", equalTo("invalid_api_key")).body("error.type", equalTo("invalid_request_error"));
        Tenant.as("ak_00000000000000000000000000000000").get("/api/v1/chat/models").then().statusCode(401)
                .body("error.code", equalTo("invalid_api_key"));
        assertTrue(ChatStackResource.primary().requests.isEmpty());
    }
}
