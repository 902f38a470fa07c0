package studio.ainative.zerodb.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import studio.ainative.zerodb.ApiException;
import studio.ainative.zerodb.repository.RowOrder;

/** Pure parsing of table sorts, table names, file names and media types. */
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
        for (String bad : new String[] {"[]", "{'field': 1}", "{'field': 'a', 'order': 'up'}", "{'field': 'a..b'}", "{'by': 'a'}"}) {
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
}
