package studio.ainative.zerodb.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import studio.ainative.platform.web.ApiException;
import studio.ainative.zerodb.repository.RowOrder;

/** Pure parsing of table sorts, table names, file names, media types, cursor positions, vector ids, free text and JSON trees. */
class InputParsingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static RowOrder order(String json) throws Exception {
        return TableService.order(json == null ? null : JSON.readTree(json.replace('\'', '"')));
    }

    @Test
    void sortDefaultsToCreationAscending() throws Exception {
        RowOrder order = order(null);
        assertTrue(order.byCreation());
        assertFalse(order.descending());
    }

    @Test
    void sortByAMemberDescending() throws Exception {
        RowOrder order = order("{'field': 'profile.age', 'order': 'desc'}");
        assertEquals("profile.age", order.field());
        assertTrue(order.descending());
    }

    @Test
    void badSortsAreRefused() {
        for (String bad : new String[] {"[]", "{'field': 1}", "{'field': 'a', 'order': 'up'}", "{'field': 'a..b'}", "{'by': 'a'}",
                "{'field': 'a\\u0000b'}", "{'field': 'a\\u001fb'}"}) {
            assertEquals("invalid_sort", assertThrows(ApiException.class, () -> order(bad)).code(), bad);
        }
    }

    @Test
    void tableNamesAreLowercaseIdentifiers() {
        assertEquals("crm_contacts2", TableService.tableName("crm_contacts2"));
        for (String bad : new String[] {"", "Upper", "1st", "a-b", "a".repeat(64), "a b"}) {
            assertEquals("invalid_table_name", assertThrows(ApiException.class, () -> TableService.tableName(bad)).code(), bad);
        }
    }

    @Test
    void fileNamesLoseDirectoriesControlCharactersAndQuotes() {
        assertEquals("passwd", FileService.fileName("../../etc/passwd"));
        assertEquals("evil.txt", FileService.fileName("C:\\temp\\evil.txt"));
        assertEquals("ab.txt", FileService.fileName("a\"b\r\n.txt"));
        assertEquals("file", FileService.fileName(".."));
        assertEquals("file", FileService.fileName(null));
        assertEquals("invalid_file_name", assertThrows(ApiException.class, () -> FileService.fileName("x".repeat(256))).code());
    }

    @Test
    void contentTypesMustBeMediaTypes() {
        assertEquals("application/pdf", FileService.contentType("application/pdf"));
        assertEquals("text/plain; charset=utf-8", FileService.contentType("text/plain; charset=utf-8"));
        assertEquals("application/octet-stream", FileService.contentType(null));
        assertEquals("invalid_content_type", assertThrows(ApiException.class,
                () -> FileService.contentType("text/html\r\nSet-Cookie: a=b")).code());
        assertEquals("invalid_content_type", assertThrows(ApiException.class, () -> FileService.contentType("nonsense")).code());
    }

    @Test
    void aCursorPositionWhoseSortValueHoldsNulIsRefused() {
        RowOrder byN = new RowOrder("n", false);
        String position = "{\"f\":\"n\",\"d\":false,\"v\":\"\\\"\\\\u0000\\\"\",\"id\":\"" + java.util.UUID.randomUUID() + "\"}";
        assertEquals("invalid_cursor", assertThrows(ApiException.class, () -> TableService.position(position, byN)).code());
    }

    @Test
    void aCursorPositionWhoseSortValueIsNotOneJsonValueIsRefused() {
        RowOrder byN = new RowOrder("n", false);
        for (String value : new String[] {"", "1 2", "{"}) {
            String position = JSON.createObjectNode().put("f", "n").put("d", false).put("v", value)
                    .put("id", java.util.UUID.randomUUID().toString()).toString();
            assertEquals("invalid_cursor", assertThrows(ApiException.class, () -> TableService.position(position, byN)).code(), value);
        }
    }

    @Test
    void aCursorPositionWithATimePostgresCannotReadIsRefused() {
        RowOrder byCreation = new RowOrder(RowOrder.CREATED_AT, false);
        String position = JSON.createObjectNode().put("f", "created_at").put("d", false).put("v", "+999999999-12-31T23:59:59Z")
                .put("id", java.util.UUID.randomUUID().toString()).toString();
        assertEquals("invalid_cursor", assertThrows(ApiException.class, () -> TableService.position(position, byCreation)).code());
    }

    @Test
    void aWellFormedCursorPositionIsAccepted() {
        java.util.UUID id = java.util.UUID.randomUUID();
        String position = JSON.createObjectNode().put("f", "n").put("d", true).put("v", "\"text\"").put("id", id.toString()).toString();
        assertEquals(id, TableService.position(position, new RowOrder("n", true)).rowId());
    }

    @Test
    void jsonTreesWithNulAnywhereAreRefused() throws Exception {
        for (String bad : new String[] {"{'a': 'x\\u0000'}", "{'a\\u0000': 1}", "{'a': [{'b': ['\\u0000']}]}"}) {
            assertEquals("nul_code", assertThrows(ApiException.class,
                    () -> InputRules.requireStorable(JSON.readTree(bad.replace('\'', '"')), "m", "nul_code", "number_code")).code(), bad);
        }
    }

    @Test
    void jsonTreesWithNonFiniteNumbersAnywhereAreRefused() {
        com.fasterxml.jackson.databind.node.ObjectNode tree = JSON.createObjectNode();
        tree.putArray("a").addObject().put("b", Double.NaN);
        assertEquals("number_code", assertThrows(ApiException.class,
                () -> InputRules.requireStorable(tree, "m", "nul_code", "number_code")).code());
        tree.removeAll().put("c", Double.NEGATIVE_INFINITY);
        assertEquals("number_code", assertThrows(ApiException.class,
                () -> InputRules.requireStorable(tree, "m", "nul_code", "number_code")).code());
    }

    @Test
    void storableJsonTreesPass() throws Exception {
        InputRules.requireStorable(JSON.readTree("{\"a\": [1, 2.5, \"\\\\u0000 spelled out\", {\"b\": null, \"c\": true}]}"), "m", "x", "y");
    }

    @Test
    void freeTextKeepsLineBreaksAndRefusesOtherControlCharacters() {
        assertEquals("a\tb\r\nc", InputRules.text("a\tb\r\nc", "description", 100, "code"));
        assertEquals("code", assertThrows(ApiException.class, () -> InputRules.text("a\0b", "description", 100, "code")).code());
        assertEquals("code", assertThrows(ApiException.class, () -> InputRules.text("a\u001bb", "description", 100, "code")).code());
        assertEquals("code", assertThrows(ApiException.class, () -> InputRules.text("x".repeat(101), "description", 100, "code")).code());
    }

    @Test
    void idsNamingEndpointsAreReservedForNewVectorsOnly() {
        for (String reserved : new String[] {"stats", "search", "upsert", "upsert-batch"}) {
            assertEquals("invalid_vector_id", assertThrows(ApiException.class, () -> VectorService.newVectorId(reserved, "vector_id")).code());
            assertEquals(reserved, VectorService.vectorId(reserved, "vector_id"));
        }
        assertEquals("statistics", VectorService.newVectorId("statistics", "vector_id"));
    }
}
