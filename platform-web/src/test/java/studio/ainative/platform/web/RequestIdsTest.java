package studio.ainative.platform.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RequestIdsTest {

    private static void assertReplaced(String presented) {
        String id = RequestIds.accept(presented);
        assertNotEquals(presented, id);
        assertTrue(id.matches("[0-9a-f]{32}"), id);
    }

    @Test
    void keepsTheCallersIdWhenItIsPlain() {
        assertEquals("req-2024.06_01-abc", RequestIds.accept("req-2024.06_01-abc"));
        assertEquals("f3a1c2", RequestIds.accept("f3a1c2"));
    }

    @Test
    void keepsAnIdOfExactly128Characters() {
        String longest = "a".repeat(RequestIds.MAX_LENGTH);
        assertEquals(longest, RequestIds.accept(longest));
    }

    @Test
    void replacesAnIdOver128Characters() {
        assertReplaced("a".repeat(RequestIds.MAX_LENGTH + 1));
    }

    @Test
    void replacesAMissingOrEmptyId() {
        assertReplaced(null);
        assertReplaced("");
    }

    @Test
    void replacesAnIdThatCouldForgeALogLine() {
        assertReplaced("abc\n2024-01-01 INFO forged");
        assertReplaced("abc\rdef");
    }

    @Test
    void replacesAnIdWithSpacesQuotesOrMarkup() {
        assertReplaced("a b");
        assertReplaced("a\"b");
        assertReplaced("<script>");
        assertReplaced("a/b");
        assertReplaced("é");
    }

    @Test
    void newIdsAre128RandomBitsInHex() {
        String first = RequestIds.newId();
        assertTrue(first.matches("[0-9a-f]{32}"), first);
        assertNotEquals(first, RequestIds.newId());
    }
}
