package studio.ainative.zerodb;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static studio.ainative.zerodb.fixtures.Api.BASE;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import studio.ainative.platform.testing.IdentityServiceResource;
import studio.ainative.platform.testing.Tenant;

/** Each bad input to the vectors API, one fault per test: a 4xx problem+json with a stable code, nothing written. */
@QuarkusTest
@QuarkusTestResource(IdentityServiceResource.class)
class VectorBadInputTest {

    private static Tenant tenant;

    /** Once per class, but after Quarkus has pointed RestAssured at the application (it has not in @BeforeAll). */
    @BeforeEach
    void project() {
        if (tenant != null) {
            return;
        }
        tenant = Tenant.create("vector-bad-input");
        // Namespace "three" holds 3-dimensional vectors.
        tenant.asKey().body(Map.of("vector_id", "seed", "namespace", "three", "vector_embedding", new double[] {1, 2, 3}))
                .post(BASE + "/vectors/upsert").then().statusCode(200);
    }

    private static ValidatableResponse upsertRaw(String json) {
        return tenant.asKey().body(json).post(BASE + "/vectors/upsert").then();
    }

    private static ValidatableResponse problem(ValidatableResponse response, int status, String code) {
        return response.statusCode(status).contentType("application/problem+json").body("code", equalTo(code)).body("status", equalTo(status));
    }

    private static void notStored(String id) {
        tenant.asKey().get(BASE + "/vectors/" + id).then().statusCode(404);
    }

    @Test
    void wrongDimensionIs422NamingBothDimensions() {
        problem(upsertRaw("{\"vector_id\": \"wrong-dims\", \"namespace\": \"three\", \"vector_embedding\": [1, 2, 3, 4]}"), 422,
                "dimension_mismatch").body("detail", allOf(containsString("3-dimensional"), containsString("4 dimensions")));
        notStored("wrong-dims");
    }

    @Test
    void serverSideEmbeddingIntoANamespaceOfAnotherDimensionIs422() {
        problem(upsertRaw("{\"vector_id\": \"doc-wrong-dims\", \"namespace\": \"three\", \"document\": \"hello\"}"), 422,
                "dimension_mismatch").body("detail", allOf(containsString("3-dimensional"), containsString("384")));
        notStored("doc-wrong-dims");
    }

    @Test
    void nanComponentIsRefused() {
        problem(upsertRaw("{\"vector_id\": \"nan\", \"namespace\": \"three\", \"vector_embedding\": [1, NaN, 3]}"), 400, "invalid_vector")
                .body("detail", containsString("vector_embedding[1]"));
        notStored("nan");
    }

    @Test
    void infiniteComponentIsRefused() {
        problem(upsertRaw("{\"vector_id\": \"inf\", \"namespace\": \"three\", \"vector_embedding\": [1, 2, Infinity]}"), 400,
                "invalid_vector").body("detail", containsString("Infinity"));
        notStored("inf");
    }

    @Test
    void componentBeyondFloatRangeIsRefused() {
        problem(upsertRaw("{\"vector_id\": \"huge\", \"namespace\": \"three\", \"vector_embedding\": [1, 2, 1e39]}"), 400, "invalid_vector");
        notStored("huge");
    }

    @Test
    void moreThan4096DimensionsAreRefused() {
        double[] big = new double[4097];
        Arrays.fill(big, 0.5);
        problem(tenant.asKey().body(Map.of("vector_id", "big", "namespace", "big", "vector_embedding", big))
                .post(BASE + "/vectors/upsert").then(), 400, "too_many_dimensions").body("detail", containsString("4097"));
        notStored("big");
    }

    @Test
    void allZeroVectorIsRefused() {
        problem(upsertRaw("{\"vector_id\": \"zero\", \"namespace\": \"three\", \"vector_embedding\": [0, 0, 0]}"), 400, "invalid_vector");
    }

    @Test
    void neitherEmbeddingNorDocumentIsRefused() {
        problem(upsertRaw("{\"vector_id\": \"empty\", \"namespace\": \"three\"}"), 400, "missing_embedding");
    }

    @Test
    void oversizedMetadataIsRefused() {
        String big = "x".repeat(41_000);
        problem(tenant.asKey().body(Map.of("vector_id", "meta", "namespace", "three", "vector_embedding", new double[] {1, 1, 1},
                "vector_metadata", Map.of("blob", big))).post(BASE + "/vectors/upsert").then(), 413, "metadata_too_large");
        notStored("meta");
    }

    @Test
    void metadataThatIsNotAnObjectIsRefused() {
        problem(upsertRaw("{\"vector_id\": \"meta-array\", \"namespace\": \"three\", \"vector_embedding\": [1, 1, 1], "
                + "\"vector_metadata\": [1, 2]}"), 400, "invalid_request");
    }

    @Test
    void malformedJsonIsRefused() {
        problem(upsertRaw("{\"vector_id\": \"bad\", \"vector_embedding\": [1, 2,"), 400, "malformed_json");
    }

    @Test
    void unknownMemberIsRefused() {
        problem(upsertRaw("{\"vector_id\": \"x\", \"vector_embedding\": [1, 2, 3], \"namespace\": \"three\", \"values\": [1]}"), 400,
                "invalid_request").body("detail", containsString("values"));
    }

    @Test
    void controlCharactersInAnIdAreRefused() {
        problem(upsertRaw("{\"vector_id\": \"a\\u0000b\", \"namespace\": \"three\", \"vector_embedding\": [1, 2, 3]}"), 400,
                "invalid_vector_id");
    }

    @Test
    void slashInAnIdIsRefusedBecauseNoPathCouldReachIt() {
        problem(upsertRaw("{\"vector_id\": \"docs/a\", \"namespace\": \"three\", \"vector_embedding\": [1, 2, 3]}"), 400,
                "invalid_vector_id");
    }

    @Test
    void batchOverOneThousandVectorsIsRefused() {
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            batch.add(Map.of("vector_id", "many-" + i, "namespace", "three", "vector_embedding", new double[] {1, 2, i + 1}));
        }
        problem(tenant.asKey().body(Map.of("vectors", batch)).post(BASE + "/vectors/upsert-batch").then(), 400, "batch_too_large");
        notStored("many-0");
    }

    @Test
    void batchWithOneBadVectorWritesNothing() {
        problem(tenant.asKey().body(Map.of("vectors", List.of(
                Map.of("vector_id", "batch-ok-1", "namespace", "three", "vector_embedding", new double[] {1, 2, 3}),
                Map.of("vector_id", "batch-bad", "namespace", "three", "vector_embedding", new double[] {1, 2})))).post(
                BASE + "/vectors/upsert-batch").then(), 422, "dimension_mismatch");
        notStored("batch-ok-1");
    }

    @Test
    void batchWhoseNewNamespaceGetsTwoDimensionsWritesNothing() {
        problem(tenant.asKey().body(Map.of("vectors", List.of(
                Map.of("vector_id", "mixed-1", "namespace", "fresh-mixed", "vector_embedding", new double[] {1, 2}),
                Map.of("vector_id", "mixed-2", "namespace", "fresh-mixed", "vector_embedding", new double[] {1, 2, 3})))).post(
                BASE + "/vectors/upsert-batch").then(), 422, "dimension_mismatch");
        notStored("mixed-1");
        tenant.asKey().get(BASE + "/vectors/stats").then().statusCode(200)
                .body("namespaces.find { it.namespace == 'fresh-mixed' }", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void duplicateIdsInABatchAreRefused() {
        problem(tenant.asKey().body(Map.of("vectors", List.of(
                Map.of("vector_id", "dup", "namespace", "three", "vector_embedding", new double[] {1, 2, 3}),
                Map.of("vector_id", "dup", "namespace", "three", "vector_embedding", new double[] {3, 2, 1})))).post(
                BASE + "/vectors/upsert-batch").then(), 400, "duplicate_vector_id");
    }

    @Test
    void topKOver100IsRefused() {
        problem(tenant.asKey().body(Map.of("query_vector", new double[] {1, 2, 3}, "namespace", "three", "top_k", 101))
                .post(BASE + "/vectors/search").then(), 400, "invalid_top_k");
    }

    @Test
    void topKBelowOneIsRefused() {
        problem(tenant.asKey().body(Map.of("query_vector", new double[] {1, 2, 3}, "namespace", "three", "top_k", 0))
                .post(BASE + "/vectors/search").then(), 400, "invalid_top_k");
    }

    @Test
    void searchWithAQueryVectorOfAnotherDimensionIs422() {
        problem(tenant.asKey().body(Map.of("query_vector", new double[] {1, 2}, "namespace", "three"))
                .post(BASE + "/vectors/search").then(), 422, "dimension_mismatch");
    }

    @Test
    void searchWithBothQueryAndQueryVectorIsRefused() {
        problem(tenant.asKey().body(Map.of("query", "text", "query_vector", new double[] {1, 2, 3}, "namespace", "three"))
                .post(BASE + "/vectors/search").then(), 400, "invalid_query");
    }

    @Test
    void searchWithNaNInTheQueryVectorIsRefused() {
        problem(tenant.asKey().body("{\"query_vector\": [1, NaN, 3], \"namespace\": \"three\"}").post(BASE + "/vectors/search").then(),
                400, "invalid_vector");
    }

    @Test
    void filterNestedDeeperThanEightIsRefused() {
        Object filter = Map.of("genre", Map.of("$eq", "x"));
        for (int i = 0; i < 8; i++) {
            filter = Map.of("$and", List.of(filter));
        }
        problem(tenant.asKey().body(Map.of("query_vector", new double[] {1, 2, 3}, "namespace", "three", "metadata_filter", filter))
                .post(BASE + "/vectors/search").then(), 400, "filter_too_deep");
    }

    @Test
    void unknownFilterOperatorIsRefused() {
        problem(tenant.asKey().body(Map.of("query_vector", new double[] {1, 2, 3}, "namespace", "three",
                        "metadata_filter", Map.of("genre", Map.of("$regex", "d.*"))))
                .post(BASE + "/vectors/search").then(), 400, "invalid_filter").body("detail", containsString("$regex"));
    }

    @Test
    void thresholdOutsideMinusOneToOneIsRefused() {
        problem(tenant.asKey().body(Map.of("query_vector", new double[] {1, 2, 3}, "namespace", "three", "threshold", 1.5))
                .post(BASE + "/vectors/search").then(), 400, "invalid_threshold");
    }

    @Test
    void listLimitOutOfRangeIsRefused() {
        problem(tenant.asKey().queryParam("limit", 0).get(BASE + "/vectors").then(), 400, "invalid_limit");
    }

    @Test
    void forgedCursorIsRefused() {
        problem(tenant.asKey().queryParam("cursor", "%%%").get(BASE + "/vectors").then(), 400, "invalid_cursor");
    }

    @Test
    void unsignedCursorDecodingToNulIsRefused() {
        // "AA" is base64url of a single NUL byte: once taken as the position, it reached PostgreSQL and failed.
        problem(tenant.asKey().queryParam("cursor", "AA").get(BASE + "/vectors").then(), 400, "invalid_cursor");
    }

    @Test
    void cursorWithAlteredPositionIsRefused() {
        String cursor = pagedCursor("tamper");
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString("zzz".getBytes(StandardCharsets.UTF_8))
                + cursor.substring(cursor.indexOf('.'));
        problem(tenant.asKey().queryParam("namespace", "tamper").queryParam("cursor", forged).get(BASE + "/vectors").then(), 400,
                "invalid_cursor");
        // The genuine cursor still works.
        tenant.asKey().queryParam("namespace", "tamper").queryParam("cursor", cursor).get(BASE + "/vectors").then().statusCode(200)
                .body("vectors.vector_id", contains("tamper-2"));
    }

    @Test
    void cursorOfAnotherNamespaceIsRefused() {
        String cursor = pagedCursor("cursor-home");
        problem(tenant.asKey().queryParam("namespace", "three").queryParam("cursor", cursor).get(BASE + "/vectors").then(), 400,
                "invalid_cursor");
    }

    /** The next_cursor of a one-vector page of a namespace holding two vectors. */
    private static String pagedCursor(String namespace) {
        tenant.asKey().body(Map.of("vectors", List.of(
                Map.of("vector_id", namespace + "-1", "namespace", namespace, "vector_embedding", new double[] {1, 0}),
                Map.of("vector_id", namespace + "-2", "namespace", namespace, "vector_embedding", new double[] {0, 1}))))
                .post(BASE + "/vectors/upsert-batch").then().statusCode(200);
        return tenant.asKey().queryParam("namespace", namespace).queryParam("limit", 1).get(BASE + "/vectors").then().statusCode(200)
                .body("has_more", equalTo(true)).extract().path("next_cursor");
    }

    @ParameterizedTest
    @ValueSource(strings = {"stats", "search", "upsert", "upsert-batch"})
    void idsNamingAnEndpointAreRefusedBecauseNoGetCouldReachThem(String id) {
        problem(upsertRaw("{\"vector_id\": \"" + id + "\", \"namespace\": \"three\", \"vector_embedding\": [1, 2, 3]}"), 400,
                "invalid_vector_id");
        tenant.asKey().queryParam("namespace", "three").queryParam("limit", 1000).get(BASE + "/vectors").then().statusCode(200)
                .body("vectors.vector_id", not(hasItem(id)));
    }

    @Test
    void nanInAFilterIsRefusedRatherThanComparedAsAString() {
        problem(search("{\"year\": {\"$gt\": NaN}}"), 400, "invalid_filter").body("detail", containsString("NaN"));
    }

    @Test
    void infinityInAFilterIsRefused() {
        problem(search("{\"year\": Infinity}"), 400, "invalid_filter");
    }

    @Test
    void nulInAFilterValueIsRefused() {
        problem(search("{\"genre\": \"dra\\u0000ma\"}"), 400, "invalid_filter").body("detail", containsString("NUL"));
    }

    @Test
    void nulInAFilterFieldNameIsRefused() {
        problem(search("{\"gen\\u0000re\": \"drama\"}"), 400, "invalid_filter");
    }

    @Test
    void controlCharacterInAFilterFieldNameIsRefused() {
        problem(search("{\"gen\\u0007re\": \"drama\"}"), 400, "invalid_filter");
    }

    private static ValidatableResponse search(String filterJson) {
        return tenant.asKey().body("{\"query_vector\": [1, 2, 3], \"namespace\": \"three\", \"metadata_filter\": " + filterJson + "}")
                .post(BASE + "/vectors/search").then();
    }
}
