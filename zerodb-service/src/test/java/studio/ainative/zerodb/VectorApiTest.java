package studio.ainative.zerodb;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static studio.ainative.platform.testing.Tenant.as;
import static studio.ainative.zerodb.fixtures.Api.BASE;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import studio.ainative.platform.testing.IdentityServiceResource;
import studio.ainative.platform.testing.Tenant;

/** The vectors API as a client uses it: upsert, search (guide Step 5), read, list, delete, stats. */
@QuarkusTest
@QuarkusTestResource(IdentityServiceResource.class)
class VectorApiTest {

    private static Tenant tenant;

    @jakarta.inject.Inject
    io.vertx.mutiny.sqlclient.Pool pool;

    @BeforeAll
    static void project() {
        tenant = Tenant.create("vectors");
    }

    private static Map<String, Object> vector(String id, String namespace, double... values) {
        return Map.of("vector_id", id, "namespace", namespace, "vector_embedding", values);
    }

    @Test
    void upsertCreatesThenUpdatesAndGetReturnsTheVector() {
        tenant.asKey().body(Map.of("vector_id", "v-1", "namespace", "crud", "vector_embedding", new double[] {0.1, 0.2, 0.3},
                        "document", "first", "vector_metadata", Map.of("k", "v")))
                .post(BASE + "/vectors/upsert").then().statusCode(200)
                .body("vector_id", equalTo("v-1")).body("status", equalTo("created")).body("dims", equalTo(3));
        tenant.asKey().body(Map.of("vector_id", "v-1", "namespace", "crud", "vector_embedding", new double[] {0.3, 0.2, 0.1},
                        "document", "second"))
                .post(BASE + "/vectors/upsert").then().statusCode(200).body("status", equalTo("updated"));
        JsonPath stored = tenant.asKey().get(BASE + "/vectors/v-1").then().statusCode(200)
                .body("document", equalTo("second"))
                .body("vector_metadata", equalTo(Map.of())).body("namespace", equalTo("crud"))
                .extract().jsonPath();
        assertEquals(List.of(0.3f, 0.2f, 0.1f), stored.getList("vector_embedding", Float.class));
    }

    @Test
    void upsertWithoutIdGeneratesOne() {
        String id = tenant.asKey().body(Map.of("namespace", "generated", "vector_embedding", new double[] {1, 0}))
                .post(BASE + "/vectors/upsert").then().statusCode(200).extract().path("vector_id");
        tenant.asKey().get(BASE + "/vectors/" + id).then().statusCode(200).body("dims", equalTo(2));
    }

    @Test
    void searchRanksByCosineSimilarityDescending() {
        tenant.asKey().body(Map.of("vectors", List.of(
                        vector("east", "compass", 1, 0), vector("north-east", "compass", 1, 1),
                        vector("north", "compass", 0, 1), vector("west", "compass", -1, 0))))
                .post(BASE + "/vectors/upsert-batch").then().statusCode(200).body("upserted_count", equalTo(4));
        JsonPath found = tenant.asKey().body(Map.of("query_vector", new double[] {2, 0.1}, "top_k", 3, "namespace", "compass"))
                .post(BASE + "/vectors/search").then().statusCode(200)
                .body("total_count", equalTo(3)).body("search_time_ms", greaterThanOrEqualTo(0))
                .extract().jsonPath();
        assertEquals(List.of("east", "north-east", "north"), found.getList("results.vector_id"));
        List<Float> scores = found.getList("results.score", Float.class);
        assertEquals(0.99875, scores.get(0), 1e-4);
        assertEquals((2 + 0.1) / Math.sqrt(2 * (4 + 0.01)), scores.get(1), 1e-4);
        assertTrue(scores.get(1) > scores.get(2));
    }

    @Test
    void searchThresholdDropsLowScores() {
        tenant.asKey().body(Map.of("vectors", List.of(vector("t-a", "threshold", 1, 0), vector("t-b", "threshold", 0, 1))))
                .post(BASE + "/vectors/upsert-batch").then().statusCode(200);
        tenant.asKey().body(Map.of("query_vector", new double[] {1, 0.05}, "namespace", "threshold", "threshold", 0.5))
                .post(BASE + "/vectors/search").then().statusCode(200)
                .body("results.vector_id", contains("t-a"));
    }

    @Test
    void searchWithAMetadataFilterReturnsOnlyMatchingVectors() {
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            batch.add(Map.of("vector_id", "f-" + i, "namespace", "filtered", "vector_embedding", new double[] {1, i / 20.0},
                    "vector_metadata", Map.of("year", 2000 + i, "genre", i % 2 == 0 ? "drama" : "comedy", "tags", List.of("t" + i % 3))));
        }
        tenant.asKey().body(Map.of("vectors", batch)).post(BASE + "/vectors/upsert-batch").then().statusCode(200);
        JsonPath found = tenant.asKey().body(Map.of("query_vector", new double[] {1, 0}, "namespace", "filtered", "top_k", 100,
                        "metadata_filter", Map.of("genre", "drama", "year", Map.of("$gte", 2010), "tags", Map.of("$in", List.of("t0", "t1")))))
                .post(BASE + "/vectors/search").then().statusCode(200).extract().jsonPath();
        Set<String> ids = new HashSet<>(found.getList("results.vector_id"));
        // even i in [10, 19] with i % 3 in {0, 1}: 10, 12, 16, 18
        assertEquals(Set.of("f-10", "f-12", "f-16", "f-18"), ids);
    }

    @Test
    void searchByTextEmbedsTheQueryServerSide() {
        tenant.asKey().body(Map.of("vectors", List.of(
                        Map.of("vector_id", "doc-auth", "namespace", "docs", "document", "Passwordless authentication with email magic links"),
                        Map.of("vector_id", "doc-food", "namespace", "docs", "document", "A recipe for banana bread with walnuts"),
                        Map.of("vector_id", "doc-db", "namespace", "docs", "document", "Row level security policies in PostgreSQL"))))
                .post(BASE + "/vectors/upsert-batch").then().statusCode(200).body("vectors.dims", everyItem(equalTo(384)));
        tenant.asKey().body(Map.of("query", "passwordless authentication", "top_k", 5, "namespace", "docs"))
                .post(BASE + "/vectors/search").then().statusCode(200)
                .body("results[0].vector_id", equalTo("doc-auth"))
                .body("results[0].document", containsString("magic links"))
                .body("results", hasSize(3));
    }

    @Test
    void deleteRemovesTheVectorAndItsCodeFromSearch() {
        tenant.asKey().body(vector("gone", "deleting", 1, 2, 3)).post(BASE + "/vectors/upsert").then().statusCode(200);
        tenant.asKey().delete(BASE + "/vectors/gone").then().statusCode(204);
        tenant.asKey().get(BASE + "/vectors/gone").then().statusCode(404).body("code", equalTo("vector_not_found"));
        tenant.asKey().delete(BASE + "/vectors/gone").then().statusCode(404);
        tenant.asKey().body(Map.of("query_vector", new double[] {1, 2, 3}, "namespace", "deleting"))
                .post(BASE + "/vectors/search").then().statusCode(200).body("results", hasSize(0));
    }

    @Test
    void listPagesThroughANamespaceWithACursor() {
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            batch.add(vector("p-" + i, "paged", 1, i));
        }
        tenant.asKey().body(Map.of("vectors", batch)).post(BASE + "/vectors/upsert-batch").then().statusCode(200);
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var request = tenant.asKey().queryParam("namespace", "paged").queryParam("limit", 3);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get(BASE + "/vectors").then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("vectors.vector_id"));
            cursor = page.getString("next_cursor");
            assertEquals(cursor != null, page.getBoolean("has_more"));
            pages++;
        } while (cursor != null);
        assertEquals(List.of("p-0", "p-1", "p-2", "p-3", "p-4", "p-5", "p-6"), seen);
        assertEquals(3, pages);
    }

    @Test
    void statsCountVectorsPerNamespace() {
        Tenant own = Tenant.create("vector-stats");
        own.asKey().body(Map.of("vectors", List.of(vector("s1", "a", 1, 0), vector("s2", "a", 0, 1), vector("s3", "b", 1, 1, 1))))
                .post(BASE + "/vectors/upsert-batch").then().statusCode(200);
        own.asKey().get(BASE + "/vectors/stats").then().statusCode(200)
                .body("total_vectors", equalTo(3))
                .body("namespaces.namespace", contains("a", "b"))
                .body("namespaces.dims", contains(2, 3))
                .body("namespaces.vector_count", contains(2, 1));
    }

    @Test
    void endUserTokenWorksWithTheMatchingProjectHeader() {
        String token = tenant.userToken(Tenant.newUserId("step5"));
        as(token).header("X-Project-ID", tenant.projectId().toString())
                .body(Map.of("query", "passwordless authentication", "top_k", 5))
                .post(BASE + "/vectors/search").then().statusCode(200).body("results", notNullValue());
    }

    @Test
    void aProjectHeaderNamingAnotherProjectIsRefused() {
        Tenant other = Tenant.create("vectors-other");
        tenant.asKey().header("X-Project-ID", other.projectId().toString())
                .body(Map.of("query_vector", new double[] {1, 0}))
                .post(BASE + "/vectors/search").then().statusCode(403).body("code", equalTo("project_mismatch"));
    }

    @Test
    void requestsWithoutCredentialsAreUnauthorized() {
        io.restassured.RestAssured.given().contentType("application/json").body(Map.of("query_vector", new double[] {1, 0}))
                .post(BASE + "/vectors/search").then().statusCode(401);
        as("not-a-real-token").body(Map.of("query_vector", new double[] {1, 0}))
                .post(BASE + "/vectors/search").then().statusCode(401).header("WWW-Authenticate", containsString("invalid_token"));
    }

    @Test
    void searchOfAnUnknownNamespaceFindsNothing() {
        tenant.asKey().body(Map.of("query_vector", new double[] {1, 0}, "namespace", "never-written"))
                .post(BASE + "/vectors/search").then().statusCode(200).body("results", hasSize(0)).body("total_count", equalTo(0));
    }

    @Test
    void theCoarseScanRunsWithoutParallelWorkers() {
        String setting = pool.query("SHOW max_parallel_workers_per_gather").execute()
                .map(rows -> rows.iterator().next().getString(0)).await().atMost(java.time.Duration.ofSeconds(10));
        assertEquals("0", setting);
    }

    @Test
    void ownerIsRecordedForApiKeyWrites() {
        tenant.asKey().body(vector("owned-by-key", "owners", 1, 0)).post(BASE + "/vectors/upsert").then().statusCode(200);
        String owner = tenant.asKey().get(BASE + "/vectors/owned-by-key").then().statusCode(200).extract().path("owner_id");
        assertTrue(owner.startsWith("api_key:"), owner);
        tenant.asKey().get(BASE + "/vectors?namespace=owners").then().statusCode(200)
                .body("vectors[0].vector_embedding", nullValue());
    }
}
