package studio.ainative.memory;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static studio.ainative.memory.fixtures.Api.BASE;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import studio.ainative.platform.testing.IdentityServiceResource;
import studio.ainative.platform.testing.Tenant;

/** POST /remember as the guide calls it, its defaults, and remembering the same content again. */
@QuarkusTest
@QuarkusTestResource(IdentityServiceResource.class)
class RememberTest {

    private static Tenant tenant;

    @BeforeAll
    static void project() {
        tenant = Tenant.create("remember");
    }

    @Test
    void guidesCallWithASessionJwtCreatesAnEpisodicMemory() {
        tenant.asUser(Tenant.newUserId("guide"))
                .body("{\"content\": \"User authenticated via magic link\", \"entity_name\": \"user_events\"}")
                .post(BASE + "/remember").then().statusCode(201)
                .body("memory_id", notNullValue())
                .body("content", equalTo("User authenticated via magic link"))
                .body("entity_name", equalTo("user_events"))
                .body("memory_type", equalTo("episodic"))
                .body("importance", equalTo(0.5f))
                .body("created_at", notNullValue());
    }

    @Test
    void rememberingTheSameContentAgainReturnsTheExistingMemoryWithItsAccessCountBumped() {
        String user = Tenant.newUserId("again");
        Map<String, Object> body = Map.of("content", "Prefers dark mode", "entity_name", "preferences");
        String id = tenant.asUser(user).body(body).post(BASE + "/remember").then().statusCode(201)
                .body("access_count", equalTo(0)).extract().path("memory_id");
        tenant.asUser(user).body(body).post(BASE + "/remember").then().statusCode(200)
                .body("memory_id", equalTo(id)).body("access_count", equalTo(1));
        tenant.asUser(user).body(body).post(BASE + "/remember").then().statusCode(200)
                .body("memory_id", equalTo(id)).body("access_count", equalTo(2));
    }

    @Test
    void theSameContentForAnotherEntityIsAnotherMemory() {
        String user = Tenant.newUserId("entities");
        String first = tenant.asUser(user).body(Map.of("content", "Likes tea", "entity_name", "a"))
                .post(BASE + "/remember").then().statusCode(201).extract().path("memory_id");
        String second = tenant.asUser(user).body(Map.of("content", "Likes tea", "entity_name", "b"))
                .post(BASE + "/remember").then().statusCode(201).extract().path("memory_id");
        assertEquals(false, first.equals(second));
    }

    @Test
    void theSameContentOfAnotherUserIsTheirOwnMemory() {
        Map<String, Object> body = Map.of("content", "Lives in Lisbon", "entity_name", "profile");
        tenant.asUser(Tenant.newUserId("one")).body(body).post(BASE + "/remember").then().statusCode(201);
        tenant.asUser(Tenant.newUserId("two")).body(body).post(BASE + "/remember").then().statusCode(201)
                .body("access_count", equalTo(0));
    }

    @Test
    void entityIdIsAnAliasOfEntityName() {
        tenant.asUser(Tenant.newUserId("alias")).body(Map.of("content", "Signed up", "entity_id", "events"))
                .post(BASE + "/remember").then().statusCode(201).body("entity_name", equalTo("events"));
    }

    @Test
    void typeImportanceTagsAndMetadataAreKept() {
        tenant.asUser(Tenant.newUserId("full")).body(Map.of("content", "Allergic to peanuts", "entity_name", "health",
                        "memory_type", "semantic", "importance", 0.9, "tags", List.of("diet", "safety"), "metadata", Map.of("source", "chat")))
                .post(BASE + "/remember").then().statusCode(201)
                .body("memory_type", equalTo("semantic")).body("importance", equalTo(0.9f))
                .body("tags", equalTo(List.of("diet", "safety"))).body("metadata.source", equalTo("chat"));
    }

    @Test
    void apiKeyRemembersForTheUserItNamesAndProjectWideWithoutOne() {
        Map<String, Object> forUser = Map.of("content", "Server-side note", "entity_name", "ops", "user_id", Tenant.newUserId("server"));
        tenant.asKey().body(forUser).post(BASE + "/remember").then().statusCode(201);
        tenant.asKey().body(forUser).post(BASE + "/remember").then().statusCode(200).body("access_count", equalTo(1));
        tenant.asKey().body(Map.of("content", "Project-wide note", "entity_name", "ops"))
                .post(BASE + "/remember").then().statusCode(201);
    }

    @Test
    void withoutCredentialIs401() {
        io.restassured.RestAssured.given().contentType("application/json").body(Map.of("content", "x"))
                .post(BASE + "/remember").then().statusCode(401);
    }
}
