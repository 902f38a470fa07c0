package studio.ainative.memory;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static studio.ainative.memory.fixtures.Api.BASE;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import studio.ainative.memory.fixtures.Rows;
import studio.ainative.platform.testing.IdentityServiceResource;
import studio.ainative.platform.testing.Tenant;

/** Each bad input of POST /remember alone: a 4xx problem+json with its stable code, and nothing written. */
@QuarkusTest
@QuarkusTestResource(IdentityServiceResource.class)
class RememberBadInputTest {

    private static Tenant tenant;

    @BeforeAll
    static void project() {
        tenant = Tenant.create("remember-bad-input");
    }

    @AfterEach
    void nothingWasWritten() {
        assertEquals(0, Rows.memoriesOf(tenant.projectId()));
    }

    private static Map<String, Object> valid(Object... overrides) {
        Map<String, Object> body = new HashMap<>(Map.of("content", "User authenticated via magic link", "entity_name", "user_events"));
        for (int i = 0; i < overrides.length; i += 2) {
            body.put((String) overrides[i], overrides[i + 1]);
        }
        return body;
    }

    private static RequestSpecification user() {
        return tenant.asUser(Tenant.newUserId("bad"));
    }

    private static void refused(RequestSpecification request, int status, String code) {
        request.post(BASE + "/remember").then().statusCode(status)
                .contentType(startsWith("application/problem+json")).body("code", equalTo(code));
    }

    @Test
    void emptyContentIsRefused() {
        refused(user().body(valid("content", "")), 400, "empty_content");
    }

    @Test
    void blankContentIsRefused() {
        refused(user().body(valid("content", "  \n ")), 400, "empty_content");
    }

    @Test
    void missingContentIsRefused() {
        refused(user().body(Map.of("entity_name", "user_events")), 400, "empty_content");
    }

    @Test
    void contentOver32KibIsRefused() {
        refused(user().body(valid("content", "a".repeat(32 * 1024 + 1))), 413, "content_too_large");
    }

    @Test
    void contentOver32KibInUtf8BytesIsRefused() {
        refused(user().body(valid("content", "é".repeat(16 * 1024 + 1))), 413, "content_too_large");
    }

    @Test
    void importanceBelowZeroIsRefused() {
        refused(user().body(valid("importance", -0.1)), 400, "invalid_importance");
    }

    @Test
    void importanceAboveOneIsRefused() {
        refused(user().body(valid("importance", 1.01)), 400, "invalid_importance");
    }

    @Test
    void unknownMemoryTypeIsRefused() {
        refused(user().body(valid("memory_type", "procedural")), 400, "invalid_memory_type");
    }

    @Test
    void malformedJsonIsRefused() {
        refused(user().body("{\"content\": \"unterminated"), 400, "malformed_json");
    }

    @Test
    void aValueOfTheWrongTypeIsRefusedAsAProblemWithoutEchoingIt() {
        user().body("{\"content\": \"c\", \"importance\": \"very-high\"}").post(BASE + "/remember").then().statusCode(400)
                .contentType(startsWith("application/problem+json")).body("code", equalTo("malformed_json"))
                .body(not(containsString("very-high")));
    }

    @Test
    void userIdWithAnEndUserTokenIsRefused() {
        refused(user().body(valid("user_id", "someone-else")), 400, "user_id_not_allowed");
    }

    @Test
    void nulInContentIsRefused() {
        refused(user().body(valid("content", "before\u0000after")), 400, "invalid_content");
    }

    @Test
    void controlCharacterInContentIsRefused() {
        refused(user().body(valid("content", "bell\u0007")), 400, "invalid_content");
    }

    @Test
    void controlCharacterInEntityNameIsRefused() {
        refused(user().body(valid("entity_name", "events\u001b")), 400, "invalid_entity_name");
    }

    @Test
    void controlCharacterInATagIsRefused() {
        refused(user().body(valid("tags", List.of("ok", "bad\u0000"))), 400, "invalid_tags");
    }

    @Test
    void nulInMetadataIsRefused() {
        refused(user().body(valid("metadata", Map.of("k", "v\u0000"))), 400, "invalid_metadata");
    }

    @Test
    void metadataThatIsNotAnObjectIsRefused() {
        refused(user().body(valid("metadata", List.of(1, 2))), 400, "invalid_metadata");
    }

    @Test
    void unknownMemberIsRefused() {
        refused(user().body(valid("colour", "blue")), 400, "invalid_request");
    }

    @Test
    void apiKeyUserIdWithControlCharactersIsRefused() {
        refused(tenant.asKey().body(valid("user_id", "user\u0000")), 400, "invalid_user_id");
    }

    @Test
    void apiKeyUserIdInTheApiKeyNamespaceIsRefused() {
        refused(tenant.asKey().body(valid("user_id", "api_key:project")), 400, "invalid_user_id");
    }
}
