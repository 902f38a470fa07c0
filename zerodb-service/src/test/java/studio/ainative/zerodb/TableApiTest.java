package studio.ainative.zerodb;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static studio.ainative.zerodb.fixtures.Api.BASE;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import studio.ainative.platform.testing.IdentityServiceResource;
import studio.ainative.platform.testing.Tenant;
import studio.ainative.zerodb.fixtures.RawHttp;

/** The tables API with a project API key: definitions, rows, queries, and each bad input. */
@QuarkusTest
@QuarkusTestResource(IdentityServiceResource.class)
class TableApiTest {

    private static Tenant tenant;

    @BeforeEach
    void project() {
        if (tenant == null) {
            tenant = Tenant.create("tables");
        }
    }

    private static void table(String name) {
        tenant.asKey().body(Map.of("name", name)).post(BASE + "/tables").then().statusCode(201);
    }

    private static String insert(String table, Map<String, Object> data) {
        return tenant.asKey().body(Map.of("row_data", data)).post(BASE + "/tables/" + table + "/rows").then().statusCode(201)
                .extract().path("row_id");
    }

    private static JsonPath query(String table, Map<String, Object> body) {
        return tenant.asKey().body(body).post(BASE + "/tables/" + table + "/query").then().statusCode(200).extract().jsonPath();
    }

    private static ValidatableResponse problem(ValidatableResponse response, int status, String code) {
        return response.statusCode(status).contentType("application/problem+json").body("code", equalTo(code));
    }

    @Test
    void createListAndDeleteATable() {
        tenant.asKey().body(Map.of("name", "crm_contacts", "description", "people")).post(BASE + "/tables").then().statusCode(201)
                .body("name", equalTo("crm_contacts")).body("description", equalTo("people")).body("created_at", notNullValue());
        tenant.asKey().get(BASE + "/tables").then().statusCode(200).body("tables.name", hasItem("crm_contacts"));
        String row = insert("crm_contacts", Map.of("name", "Ann"));
        tenant.asKey().delete(BASE + "/tables/crm_contacts").then().statusCode(204);
        problem(tenant.asKey().get(BASE + "/tables/crm_contacts/rows/" + row).then(), 404, "table_not_found");
        problem(tenant.asKey().delete(BASE + "/tables/crm_contacts").then(), 404, "table_not_found");
    }

    @Test
    void creatingATableTwiceConflicts() {
        table("twice");
        problem(tenant.asKey().body(Map.of("name", "twice")).post(BASE + "/tables").then(), 409, "table_exists");
    }

    @Test
    void rowsAreInsertedReadPatchedAndDeleted() {
        table("rows_crud");
        String id = insert("rows_crud", Map.of("name", "Ann", "age", 31, "tags", List.of("a")));
        tenant.asKey().get(BASE + "/tables/rows_crud/rows/" + id).then().statusCode(200)
                .body("row_data.name", equalTo("Ann")).body("row_data.age", equalTo(31));
        tenant.asKey().body(Map.of("row_data", Map.of("age", 32, "city", "Oslo"))).patch(BASE + "/tables/rows_crud/rows/" + id)
                .then().statusCode(200).body("row_data.name", equalTo("Ann")).body("row_data.age", equalTo(32))
                .body("row_data.city", equalTo("Oslo"));
        tenant.asKey().delete(BASE + "/tables/rows_crud/rows/" + id).then().statusCode(204);
        problem(tenant.asKey().get(BASE + "/tables/rows_crud/rows/" + id).then(), 404, "row_not_found");
    }

    @Test
    void queryFiltersSortsAndPagesWithACursor() {
        table("people");
        for (int i = 0; i < 9; i++) {
            insert("people", Map.of("name", "p" + i, "age", 20 + (i * 7) % 9, "team", i % 2 == 0 ? "red" : "blue"));
        }
        Map<String, Object> body = new HashMap<>(Map.of("filter", Map.of("team", "red"), "sort", Map.of("field", "age", "order", "desc"),
                "limit", 2));
        List<Integer> ages = new ArrayList<>();
        int pages = 0;
        while (true) {
            JsonPath page = query("people", body);
            ages.addAll(page.getList("rows.row_data.age", Integer.class));
            pages++;
            if (!page.getBoolean("has_more")) {
                break;
            }
            body.put("cursor", page.getString("next_cursor"));
        }
        // red: i = 0, 2, 4, 6, 8 -> ages 20 + (0, 14, 28, 42, 56) % 9 = 20, 25, 21, 26, 22
        assertEquals(List.of(26, 25, 22, 21, 20), ages);
        assertEquals(3, pages);
    }

    @Test
    void queryDefaultsToCreationOrder() {
        table("ordered");
        for (int i = 0; i < 5; i++) {
            insert("ordered", Map.of("n", i));
        }
        assertEquals(List.of(0, 1, 2, 3, 4), query("ordered", Map.of()).getList("rows.row_data.n", Integer.class));
        JsonPath first = query("ordered", Map.of("limit", 3, "sort", Map.of("field", "created_at", "order", "desc")));
        assertEquals(List.of(4, 3, 2), first.getList("rows.row_data.n", Integer.class));
        assertEquals(List.of(1, 0), query("ordered", Map.of("limit", 3, "sort", Map.of("field", "created_at", "order", "desc"),
                "cursor", first.getString("next_cursor"))).getList("rows.row_data.n", Integer.class));
    }

    @Test
    void queryWithOperators() {
        table("scores");
        for (int i = 0; i < 6; i++) {
            insert("scores", Map.of("score", i * 10, "label", "l" + i));
        }
        tenant.asKey().body(Map.of("filter", Map.of("$or", List.of(Map.of("score", Map.of("$lt", 15)), Map.of("label", Map.of("$in",
                        List.of("l5")))))))
                .post(BASE + "/tables/scores/query").then().statusCode(200).body("rows.row_data.label", contains("l0", "l1", "l5"));
    }

    @Test
    void unknownTableIs404() {
        problem(tenant.asKey().body(Map.of("row_data", Map.of("a", 1))).post(BASE + "/tables/no_such_table/rows").then(), 404,
                "table_not_found");
        problem(tenant.asKey().body(Map.of()).post(BASE + "/tables/no_such_table/query").then(), 404, "table_not_found");
    }

    @Test
    void rowDataOverOneMebibyteIsRefused() {
        table("big_rows");
        problem(tenant.asKey().body(Map.of("row_data", Map.of("blob", "x".repeat(1024 * 1024)))).post(BASE + "/tables/big_rows/rows").then(),
                413, "row_too_large");
        assertEquals(0, query("big_rows", Map.of()).getList("rows").size());
    }

    @Test
    void patchThatWouldGrowARowOverOneMebibyteIsRefused() {
        table("growing");
        String id = insert("growing", Map.of("a", "x".repeat(600_000)));
        problem(tenant.asKey().body(Map.of("row_data", Map.of("b", "y".repeat(600_000)))).patch(BASE + "/tables/growing/rows/" + id).then(),
                413, "row_too_large");
        tenant.asKey().get(BASE + "/tables/growing/rows/" + id).then().statusCode(200).body("row_data.b", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void rowDataThatIsNotAnObjectIsRefused() {
        table("not_object");
        problem(tenant.asKey().body("{\"row_data\": [1, 2]}").post(BASE + "/tables/not_object/rows").then(), 400, "invalid_request");
    }

    @Test
    void invalidTableNameIsRefused() {
        problem(tenant.asKey().body(Map.of("name", "Robert'); DROP TABLE")).post(BASE + "/tables").then(), 400, "invalid_table_name");
    }

    @Test
    void queryWithUnknownOperatorIsRefused() {
        table("bad_filter");
        problem(tenant.asKey().body(Map.of("filter", Map.of("a", Map.of("$where", "1")))).post(BASE + "/tables/bad_filter/query").then(),
                400, "invalid_filter");
    }

    @Test
    void cursorFromAnotherSortIsRefused() {
        table("cursor_sort");
        for (int i = 0; i < 3; i++) {
            insert("cursor_sort", Map.of("n", i));
        }
        String cursor = query("cursor_sort", Map.of("limit", 1)).getString("next_cursor");
        problem(tenant.asKey().body(Map.of("limit", 1, "cursor", cursor, "sort", Map.of("field", "n")))
                .post(BASE + "/tables/cursor_sort/query").then(), 400, "invalid_cursor");
    }

    @Test
    void malformedJsonIsRefused() {
        problem(tenant.asKey().body("{\"name\": ").post(BASE + "/tables").then(), 400, "malformed_json");
    }

    @Test
    void nulInATableDescriptionIsRefusedAndNoTableIsCreated() {
        problem(tenant.asKey().body("{\"name\": \"nul_description\", \"description\": \"a\\u0000b\"}").post(BASE + "/tables").then(),
                400, "invalid_request");
        tenant.asKey().get(BASE + "/tables").then().statusCode(200).body("tables.name", not(hasItem("nul_description")));
    }

    @Test
    void lineBreaksInATableDescriptionAreKept() {
        tenant.asKey().body(Map.of("name", "multiline", "description", "first\nsecond")).post(BASE + "/tables").then().statusCode(201)
                .body("description", equalTo("first\nsecond"));
    }

    @Test
    void nulInASortFieldIsRefused() {
        table("nul_sort");
        problem(tenant.asKey().body("{\"sort\": {\"field\": \"a\\u0000b\"}}").post(BASE + "/tables/nul_sort/query").then(), 400,
                "invalid_sort");
    }

    @Test
    void nulInAFilterValueIsRefused() {
        table("nul_filter");
        problem(tenant.asKey().body("{\"filter\": {\"name\": {\"$in\": [\"a\\u0000\"]}}}").post(BASE + "/tables/nul_filter/query").then(),
                400, "invalid_filter");
    }

    @Test
    void nulInAFilterFieldNameIsRefused() {
        table("nul_field");
        problem(tenant.asKey().body("{\"filter\": {\"na\\u0000me\": 1}}").post(BASE + "/tables/nul_field/query").then(), 400,
                "invalid_filter");
    }

    @Test
    void nanInAFilterIsRefused() {
        table("nan_filter");
        problem(tenant.asKey().body("{\"filter\": {\"score\": {\"$lt\": NaN}}}").post(BASE + "/tables/nan_filter/query").then(), 400,
                "invalid_filter");
    }

    @Test
    void nulInAMemberNameOfRowDataIsRefused() {
        table("nul_member");
        problem(tenant.asKey().body("{\"row_data\": {\"a\\u0000\": 1}}").post(BASE + "/tables/nul_member/rows").then(), 400,
                "invalid_request");
        assertEquals(0, query("nul_member", Map.of()).getList("rows").size());
    }

    @Test
    void unsignedCursorWithANulSortValueIsRefused() {
        table("forged_json_cursor");
        insert("forged_json_cursor", Map.of("n", 1));
        // The shape this API's cursors had before they were signed: now refused whatever it holds.
        String forged = unsigned("{\"f\":\"n\",\"d\":false,\"v\":\"\\\"\\\\u0000\\\"\",\"id\":\"" + UUID.randomUUID() + "\"}");
        problem(tenant.asKey().body(Map.of("sort", Map.of("field", "n"), "cursor", forged)).post(BASE + "/tables/forged_json_cursor/query")
                .then(), 400, "invalid_cursor");
    }

    @Test
    void unsignedCursorWithAFarFutureTimestampIsRefused() {
        table("forged_time_cursor");
        String forged = unsigned("{\"f\":\"created_at\",\"d\":false,\"v\":\"+999999999-12-31T23:59:59Z\",\"id\":\"" + UUID.randomUUID() + "\"}");
        problem(tenant.asKey().body(Map.of("cursor", forged)).post(BASE + "/tables/forged_time_cursor/query").then(), 400,
                "invalid_cursor");
    }

    @Test
    void cursorOfAnotherTableIsRefused() {
        table("cursor_home");
        table("cursor_away");
        for (int i = 0; i < 2; i++) {
            insert("cursor_home", Map.of("n", i));
            insert("cursor_away", Map.of("n", i));
        }
        String cursor = query("cursor_home", Map.of("limit", 1)).getString("next_cursor");
        problem(tenant.asKey().body(Map.of("limit", 1, "cursor", cursor)).post(BASE + "/tables/cursor_away/query").then(), 400,
                "invalid_cursor");
        assertEquals(List.of(1), query("cursor_home", Map.of("limit", 1, "cursor", cursor)).getList("rows.row_data.n", Integer.class));
    }

    @Test
    void declaredRowBodyOverTheRequestBoundIsRefusedBeforeItIsRead() throws Exception {
        String response = RawHttp.send("POST " + BASE + "/tables/any_table/rows HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                + tenant.apiKey() + "\r\nContent-Type: application/json\r\nContent-Length: " + (5 * 1024 * 1024) + "\r\n\r\n{", false);
        assertTrue(response.startsWith("HTTP/1.1 413"), response);
        assertTrue(response.contains("application/problem+json") && response.contains("payload_too_large"), response);
    }

    private static String unsigned(String position) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(position.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void nonFiniteNumbersInRowDataAreRefused() {
        table("finite");
        problem(tenant.asKey().body("{\"row_data\": {\"x\": NaN}}").post(BASE + "/tables/finite/rows").then(), 400, "invalid_number");
    }
}
