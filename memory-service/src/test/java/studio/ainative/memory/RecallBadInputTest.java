package studio.ainative.memory;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static studio.ainative.memory.fixtures.Api.BASE;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import studio.ainative.platform.testing.IdentityServiceResource;
import studio.ainative.platform.testing.Tenant;

/** Each bad input of POST /recall alone: a 4xx problem+json with its stable code. */
@QuarkusTest
@QuarkusTestResource(IdentityServiceResource.class)
class RecallBadInputTest {

    private static Tenant tenant;

    @BeforeAll
    static void project() {
        tenant = Tenant.create("recall-bad-input");
    }

    private static RequestSpecification user() {
        return tenant.asUser(Tenant.newUserId("bad"));
    }

    private static void refused(RequestSpecification request, int status, String code) {
        request.post(BASE + "/recall").then().statusCode(status)
                .contentType(startsWith("application/problem+json")).body("code", equalTo(code));
    }

    @Test
    void limitOver100IsRefused() {
        refused(user().body(Map.of("query", "q", "limit", 101)), 400, "invalid_limit");
    }

    @Test
    void limitBelowOneIsRefused() {
        refused(user().body(Map.of("query", "q", "limit", 0)), 400, "invalid_limit");
    }

    @Test
    void emptyQueryIsRefused() {
        refused(user().body(Map.of("query", "")), 400, "empty_query");
    }

    @Test
    void missingQueryIsRefused() {
        refused(user().body(Map.of("limit", 5)), 400, "empty_query");
    }

    @Test
    void queryOver32KibIsRefused() {
        refused(user().body(Map.of("query", "q".repeat(32 * 1024 + 1))), 413, "query_too_large");
    }

    @Test
    void nulInQueryIsRefused() {
        refused(user().body(Map.of("query", "a\u0000b")), 400, "invalid_query");
    }

    @Test
    void thresholdOutsideMinusOneToOneIsRefused() {
        refused(user().body(Map.of("query", "q", "threshold", 1.5)), 400, "invalid_threshold");
    }

    @Test
    void unknownMemoryTypeIsRefused() {
        refused(user().body(Map.of("query", "q", "memory_type", "long_term")), 400, "invalid_memory_type");
    }

    @Test
    void controlCharacterInEntityNameIsRefused() {
        refused(user().body(Map.of("query", "q", "entity_name", "a\u0001")), 400, "invalid_entity_name");
    }

    @Test
    void controlCharacterInATagIsRefused() {
        refused(user().body(Map.of("query", "q", "tags", List.of("a\u0002"))), 400, "invalid_tags");
    }

    @Test
    void userIdWithAnEndUserTokenIsRefused() {
        refused(user().body(Map.of("query", "q", "user_id", "someone")), 400, "user_id_not_allowed");
    }

    @Test
    void malformedJsonIsRefused() {
        refused(user().body("{\"query\": "), 400, "malformed_json");
    }

    @Test
    void queryAndQueryVectorTogetherAreRefused() {
        refused(user().body(Map.of("query", "q", "query_vector", List.of(0.5, 0.5))), 400, "ambiguous_query");
    }

    @Test
    void anEmptyQueryVectorIsRefused() {
        refused(user().body(Map.of("query_vector", List.of())), 400, "invalid_vector");
    }

    @Test
    void anAllZeroQueryVectorIsRefused() {
        refused(user().body(Map.of("query_vector", List.of(0, 0, 0))), 400, "invalid_vector");
    }

    @Test
    void aQueryVectorComponentOutOfFloatRangeIsRefused() {
        refused(user().body("{\"query_vector\": [1e39, 1]}"), 400, "invalid_vector");
    }

    @Test
    void aQueryVectorOfNumbersAndStringsIsRefused() {
        refused(user().body("{\"query_vector\": [1, \"x\"]}"), 400, "malformed_json");
    }

    @Test
    void aQueryVectorOverTheMostDimensionsIsRefused() {
        refused(user().body(Map.of("query_vector", java.util.Collections.nCopies(4097, 0.1))), 400, "too_many_dimensions");
    }

    @Test
    void aQueryVectorOfAnotherDimensionThanTheModelsIsRefused() {
        refused(user().body(Map.of("query_vector", List.of(0.6, 0.8))), 422, "dimension_mismatch");
    }
}
