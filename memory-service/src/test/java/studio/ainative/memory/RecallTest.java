package studio.ainative.memory;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static studio.ainative.memory.fixtures.Api.BASE;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import studio.ainative.memory.fixtures.Rows;
import studio.ainative.platform.testing.IdentityServiceResource;
import studio.ainative.platform.testing.Tenant;

/** POST /recall with the real in-process embeddings: ranking, filters, access updates. */
@QuarkusTest
@QuarkusTestResource(IdentityServiceResource.class)
class RecallTest {

    private static Tenant tenant;

    @BeforeAll
    static void project() {
        tenant = Tenant.create("recall");
    }

    private static String remember(String user, Map<String, Object> body) {
        return tenant.asUser(user).body(body).post(BASE + "/remember").then().statusCode(201).extract().path("memory_id");
    }

    private static JsonPath recall(String user, Map<String, Object> body) {
        return tenant.asUser(user).body(body).post(BASE + "/recall").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void aSemanticallyRelatedQueryRanksTheRightMemoryFirst() {
        String user = Tenant.newUserId("round-trip");
        String login = remember(user, Map.of("content", "User authenticated via magic link", "entity_name", "user_events"));
        remember(user, Map.of("content", "The user's favourite food is pizza with mushrooms", "entity_name", "user_events"));
        remember(user, Map.of("content", "The quarterly sales report is due on Friday", "entity_name", "user_events"));
        JsonPath found = recall(user, Map.of("query", "how did the user log in?"));
        assertEquals(3, found.getInt("count"));
        assertEquals(login, found.getString("results[0].memory_id"));
        assertEquals("User authenticated via magic link", found.getString("results[0].content"));
        List<Float> scores = found.getList("results.score", Float.class);
        assertTrue(scores.get(0) >= scores.get(1) && scores.get(1) >= scores.get(2), "best first: " + scores);
        assertTrue(found.getFloat("results[0].similarity") > found.getFloat("results[2].similarity"));
    }

    @Test
    void aQueryVectorIsUsedAsGivenWithoutEmbedding() {
        String user = Tenant.newUserId("by-vector");
        String pizza = remember(user, Map.of("content", "The user's favourite food is pizza with mushrooms", "entity_name", "food"));
        String report = remember(user, Map.of("content", "The quarterly sales report is due on Friday", "entity_name", "work"));
        // The stored embedding of the report, as a client that embeds its own queries would send it: the report
        // is recalled first, with similarity 1, whatever the words would have suggested.
        float[] stored = Rows.embeddingOf(java.util.UUID.fromString(report));
        assertEquals(384, stored.length);
        JsonPath found = recall(user, Map.of("query_vector", stored));
        assertEquals(List.of(report, pizza), found.getList("results.memory_id"));
        assertEquals(1.0, found.getDouble("results[0].similarity"), 1e-5);
    }

    @Test
    void aMemoryUntouchedForCenturiesIsStillRecalled() {
        // Its recency, exp(-0.01 x 2.6 million hours), underflows a double: the coarse pass's estimate caps it.
        String user = Tenant.newUserId("ancient");
        String old = remember(user, Map.of("content", "Grandfather's recipe for apple pie", "entity_name", "family"));
        Rows.setLastAccessed(java.util.UUID.fromString(old), java.time.Instant.parse("1726-01-01T00:00:00Z"));
        JsonPath found = recall(user, Map.of("query", "apple pie recipe"));
        assertEquals(List.of(old), found.getList("results.memory_id"));
        assertEquals(0.0, found.getDouble("results[0].score") - 0.5 * found.getDouble("results[0].similarity") - 0.3 * 0.5, 1e-6);
    }

    @Test
    void eachRecalledMemoryHasItsAccessCountAndLastAccessUpdated() {
        String user = Tenant.newUserId("access");
        Map<String, Object> body = Map.of("content", "Prefers email over phone calls", "entity_name", "preferences");
        String created = tenant.asUser(user).body(body).post(BASE + "/remember").then().statusCode(201).extract().path("last_accessed_at");
        String accessed = recall(user, Map.of("query", "contact preference")).getString("results[0].last_accessed_at");
        assertTrue(accessed.compareTo(created) > 0, created + " then " + accessed);
        recall(user, Map.of("query", "contact preference"));
        // Two recalls, then remembering it again: the third access.
        tenant.asUser(user).body(body).post(BASE + "/remember").then().statusCode(200).body("access_count", equalTo(3));
    }

    @Test
    void filtersByEntityTypeAndTags() {
        String user = Tenant.newUserId("filters");
        remember(user, Map.of("content", "Works as a nurse", "entity_name", "job", "memory_type", "semantic", "tags", List.of("work", "bio")));
        remember(user, Map.of("content", "Started a new nursing job today", "entity_name", "diary", "tags", List.of("work")));
        assertEquals(List.of("Works as a nurse"), recall(user, Map.of("query", "job", "entity_name", "job")).getList("results.content"));
        assertEquals(List.of("Works as a nurse"), recall(user, Map.of("query", "job", "memory_type", "semantic")).getList("results.content"));
        assertEquals(List.of("Works as a nurse"), recall(user, Map.of("query", "job", "tags", List.of("bio", "work"))).getList("results.content"));
        assertEquals(2, recall(user, Map.of("query", "job", "tags", List.of("work"))).getInt("count"));
    }

    @Test
    void limitAndThresholdBoundTheResults() {
        String user = Tenant.newUserId("limit");
        for (int i = 0; i < 4; i++) {
            remember(user, Map.of("content", "Note number " + i + " about gardening"));
        }
        assertEquals(2, recall(user, Map.of("query", "gardening", "limit", 2)).getInt("count"));
        assertEquals(0, recall(user, Map.of("query", "gardening", "threshold", 0.999)).getInt("count"));
    }

    @Test
    void aUserRecallsOnlyTheirOwnMemories() {
        String alice = Tenant.newUserId("alice");
        String bob = Tenant.newUserId("bob");
        remember(alice, Map.of("content", "Alice's passport number is in the drawer"));
        assertEquals(0, recall(bob, Map.of("query", "passport number")).getInt("count"));
    }

    @Test
    void resultsCarryTheDocumentedMembers() {
        String user = Tenant.newUserId("members");
        remember(user, Map.of("content", "Birthday is on March 3rd", "entity_name", "profile", "importance", 0.8));
        tenant.asUser(user).body(Map.of("query", "birthday")).post(BASE + "/recall").then().statusCode(200)
                .body("count", equalTo(1))
                .body("results[0].memory_id", notNullValue()).body("results[0].entity_name", equalTo("profile"))
                .body("results[0].memory_type", equalTo("episodic")).body("results[0].importance", equalTo(0.8f))
                .body("results[0].similarity", greaterThan(0f)).body("results[0].score", greaterThan(0f))
                .body("results[0].created_at", notNullValue()).body("results[0].last_accessed_at", notNullValue());
    }

    @Test
    void apiKeyRecallsForTheUserItNames() {
        String user = "server-user-" + java.util.UUID.randomUUID();
        tenant.asKey().body(Map.of("content", "Subscribed to the pro plan", "user_id", user)).post(BASE + "/remember").then().statusCode(201);
        tenant.asKey().body(Map.of("query", "subscription plan", "user_id", user)).post(BASE + "/recall").then().statusCode(200)
                .body("count", equalTo(1));
        tenant.asKey().body(Map.of("query", "subscription plan", "user_id", user + "-other")).post(BASE + "/recall").then().statusCode(200)
                .body("count", equalTo(0));
    }

    /** A memory embedded by another model (another length) is never compared: its code would not XOR with the query's. */
    @Test
    void aMemoryOfAnotherDimensionIsSkippedNotAnError() {
        String user = "dimension-user-" + java.util.UUID.randomUUID();
        tenant.asKey().body(Map.of("content", "Lives in Lisbon", "user_id", user)).post(BASE + "/remember").then().statusCode(201);
        Rows.insertTwoDimensional(tenant.projectId(), user, "from another model");
        tenant.asKey().body(Map.of("query", "where does the user live?", "user_id", user)).post(BASE + "/recall").then().statusCode(200)
                .body("count", equalTo(1)).body("results[0].content", equalTo("Lives in Lisbon"));
    }
}
