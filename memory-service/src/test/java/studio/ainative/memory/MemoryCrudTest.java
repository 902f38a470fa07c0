package studio.ainative.memory;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static studio.ainative.memory.fixtures.Api.BASE;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import studio.ainative.platform.testing.IdentityServiceResource;
import studio.ainative.platform.testing.Tenant;

/** Read, change, list, forget and profile one's memories. */
@QuarkusTest
@QuarkusTestResource(IdentityServiceResource.class)
class MemoryCrudTest {

    private static Tenant tenant;

    @BeforeAll
    static void project() {
        tenant = Tenant.create("crud");
    }

    private static String remember(String user, Map<String, Object> body) {
        return tenant.asUser(user).body(body).post(BASE + "/remember").then().statusCode(201).extract().path("memory_id");
    }

    @Test
    void getReturnsTheMemoryAndDeleteRemovesIt() {
        String user = Tenant.newUserId("get");
        String id = remember(user, Map.of("content", "Owns a cat named Miso", "entity_name", "pets", "tags", List.of("cat")));
        tenant.asUser(user).get(BASE + "/memories/" + id).then().statusCode(200)
                .body("memory_id", equalTo(id)).body("content", equalTo("Owns a cat named Miso")).body("entity_name", equalTo("pets"))
                .body("tags", equalTo(List.of("cat"))).body("access_count", equalTo(0));
        tenant.asUser(user).delete(BASE + "/memories/" + id).then().statusCode(204);
        tenant.asUser(user).get(BASE + "/memories/" + id).then().statusCode(404).body("code", equalTo("memory_not_found"));
        tenant.asUser(user).delete(BASE + "/memories/" + id).then().statusCode(404).body("code", equalTo("memory_not_found"));
    }

    @Test
    void anIdThatIsNotAUuidIsNotFound() {
        tenant.asUser(Tenant.newUserId("bad-id")).get(BASE + "/memories/not-a-uuid").then().statusCode(404).body("code", equalTo("memory_not_found"));
    }

    @Test
    void patchChangesTheGivenMembersAndReembedsNewContent() {
        String user = Tenant.newUserId("patch");
        String id = remember(user, Map.of("content", "Drives a red bicycle to work", "importance", 0.2));
        tenant.asUser(user).body(Map.of("importance", 0.9, "metadata", Map.of("v", 2))).patch(BASE + "/memories/" + id).then().statusCode(200)
                .body("content", equalTo("Drives a red bicycle to work")).body("importance", equalTo(0.9f)).body("metadata.v", equalTo(2));
        tenant.asUser(user).body(Map.of("content", "Plays the violin in an orchestra")).patch(BASE + "/memories/" + id).then().statusCode(200)
                .body("content", equalTo("Plays the violin in an orchestra")).body("importance", equalTo(0.9f));
        // The new content is what recall finds: the embedding was replaced.
        JsonPath found = tenant.asUser(user).body(Map.of("query", "musical instrument")).post(BASE + "/recall").then().statusCode(200)
                .extract().jsonPath();
        assertEquals(id, found.getString("results[0].memory_id"));
        assertEquals(true, found.getFloat("results[0].similarity") > 0.3f, "similarity " + found.getFloat("results[0].similarity"));
        // Remembering the new content finds the changed memory.
        tenant.asUser(user).body(Map.of("content", "Plays the violin in an orchestra")).post(BASE + "/remember").then().statusCode(200)
                .body("memory_id", equalTo(id));
    }

    @Test
    void patchToContentAnotherMemoryOfTheEntityHoldsIsAConflict() {
        String user = Tenant.newUserId("patch-conflict");
        remember(user, Map.of("content", "first fact"));
        String second = remember(user, Map.of("content", "second fact"));
        tenant.asUser(user).body(Map.of("content", "first fact")).patch(BASE + "/memories/" + second).then().statusCode(409)
                .body("code", equalTo("memory_exists"));
        tenant.asUser(user).get(BASE + "/memories/" + second).then().statusCode(200).body("content", equalTo("second fact"));
    }

    @Test
    void patchOfUnknownMemoryIsNotFound() {
        tenant.asUser(Tenant.newUserId("patch-404")).body(Map.of("importance", 0.1))
                .patch(BASE + "/memories/" + java.util.UUID.randomUUID()).then().statusCode(404).body("code", equalTo("memory_not_found"));
    }

    @Test
    void patchWithBadImportanceIsRefused() {
        String user = Tenant.newUserId("patch-bad");
        String id = remember(user, Map.of("content", "some fact"));
        tenant.asUser(user).body(Map.of("importance", 2)).patch(BASE + "/memories/" + id).then().statusCode(400)
                .body("code", equalTo("invalid_importance"));
        tenant.asUser(user).body(Map.of("content", "")).patch(BASE + "/memories/" + id).then().statusCode(400)
                .body("code", equalTo("empty_content"));
    }

    @Test
    void listingIsNewestFirstInPagesJoinedBySignedCursors() {
        String user = Tenant.newUserId("list");
        List<String> remembered = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            remembered.add(remember(user, Map.of("content", "fact " + i, "entity_name", "list")));
        }
        remember(user, Map.of("content", "elsewhere", "entity_name", "other"));
        List<String> seen = new ArrayList<>();
        String cursor = "";
        do {
            JsonPath page = tenant.asUser(user).queryParam("entity_name", "list").queryParam("limit", 2).queryParam("cursor", cursor)
                    .get(BASE + "/memories").then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("memories.memory_id"));
            cursor = page.getString("next_cursor");
            assertEquals(cursor != null, page.getBoolean("has_more"));
        } while (cursor != null);
        java.util.Collections.reverse(remembered);
        assertEquals(remembered, seen);
    }

    @Test
    void aCursorOfAnotherListingOrAlteredIsRefused() {
        String user = Tenant.newUserId("cursor");
        for (int i = 0; i < 3; i++) {
            remember(user, Map.of("content", "cursor fact " + i, "entity_name", "a"));
        }
        String cursor = tenant.asUser(user).queryParam("limit", 1).queryParam("entity_name", "a").get(BASE + "/memories")
                .then().statusCode(200).extract().path("next_cursor");
        tenant.asUser(user).queryParam("limit", 1).queryParam("entity_name", "b").queryParam("cursor", cursor).get(BASE + "/memories")
                .then().statusCode(400).body("code", equalTo("invalid_cursor"));
        tenant.asUser(Tenant.newUserId("other")).queryParam("limit", 1).queryParam("entity_name", "a").queryParam("cursor", cursor)
                .get(BASE + "/memories").then().statusCode(400).body("code", equalTo("invalid_cursor"));
        String altered = (cursor.charAt(0) == 'A' ? "B" : "A") + cursor.substring(1);
        tenant.asUser(user).queryParam("limit", 1).queryParam("entity_name", "a").queryParam("cursor", altered).get(BASE + "/memories")
                .then().statusCode(400).body("code", equalTo("invalid_cursor"));
        tenant.asUser(user).queryParam("cursor", "garbage").get(BASE + "/memories").then().statusCode(400).body("code", equalTo("invalid_cursor"));
    }

    @Test
    void listingLimitOutsideOneTo100IsRefused() {
        tenant.asUser(Tenant.newUserId("limit")).queryParam("limit", 101).get(BASE + "/memories").then().statusCode(400)
                .body("code", equalTo("invalid_limit"));
        tenant.asUser(Tenant.newUserId("limit")).queryParam("limit", "x").get(BASE + "/memories").then().statusCode(400)
                .body("code", equalTo("invalid_limit"));
    }

    @Test
    void forgetDeletesTheMatchingOwnMemoriesOnly() {
        String user = Tenant.newUserId("forget");
        remember(user, Map.of("content", "a1", "entity_name", "a"));
        remember(user, Map.of("content", "a2", "entity_name", "a", "memory_type", "working"));
        String kept = remember(user, Map.of("content", "b1", "entity_name", "b"));
        tenant.asUser(user).body(Map.of("entity_name", "a", "memory_type", "working")).post(BASE + "/forget").then().statusCode(200)
                .body("deleted", equalTo(1));
        tenant.asUser(user).body(Map.of("entity_name", "a")).post(BASE + "/forget").then().statusCode(200).body("deleted", equalTo(1));
        tenant.asUser(user).body(Map.of("before", "2000-01-01T00:00:00Z")).post(BASE + "/forget").then().statusCode(200)
                .body("deleted", equalTo(0));
        tenant.asUser(user).get(BASE + "/memories/" + kept).then().statusCode(200);
        tenant.asUser(user).body(Map.of("before", "2999-01-01T00:00:00Z")).post(BASE + "/forget").then().statusCode(200)
                .body("deleted", equalTo(1));
        tenant.asUser(user).get(BASE + "/memories/" + kept).then().statusCode(404);
    }

    @Test
    void forgetWithABadBeforeIsRefused() {
        tenant.asUser(Tenant.newUserId("forget-bad")).body(Map.of("before", "yesterday")).post(BASE + "/forget").then().statusCode(400)
                .body("code", equalTo("invalid_before"));
    }

    @Test
    void profileCountsPerEntityAndTypeWithOldestAndNewest() {
        String user = Tenant.newUserId("profile");
        tenant.asUser(user).get(BASE + "/profile").then().statusCode(200)
                .body("total_memories", equalTo(0)).body("oldest", nullValue()).body("newest", nullValue());
        String oldest = remember(user, Map.of("content", "p1", "entity_name", "x"));
        remember(user, Map.of("content", "p2", "entity_name", "x", "memory_type", "semantic"));
        String newest = remember(user, Map.of("content", "p3", "entity_name", "y"));
        JsonPath profile = tenant.asUser(user).get(BASE + "/profile").then().statusCode(200).extract().jsonPath();
        assertEquals(3, profile.getInt("total_memories"));
        assertEquals(Map.of("x", 2, "y", 1), profile.getMap("by_entity"));
        assertEquals(Map.of("episodic", 2, "semantic", 1), profile.getMap("by_type"));
        assertEquals(3, profile.getList("counts").size());
        assertEquals(oldest, profile.getString("oldest.memory_id"));
        assertEquals(newest, profile.getString("newest.memory_id"));
        assertNotEquals(oldest, newest);
    }
}
