package studio.ainative.memory.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import studio.ainative.platform.web.ApiException;

/** Signed cursors: round trip, bound to their listing and key, tamper-evident. */
class PageCursorsTest {

    private static final PageCursors CURSORS = new PageCursors("k".repeat(32).getBytes(StandardCharsets.UTF_8));
    private static final Instant AT = Instant.parse("2026-12-04T10:15:30.123456Z");
    private static final UUID ID = UUID.randomUUID();

    @Test
    void aCursorReadsBackTheMicrosecondPositionItWasIssuedFor() {
        PageCursors.Position position = CURSORS.read("scope", CURSORS.issue("scope", AT, ID));
        assertEquals(AT, position.createdAt());
        assertEquals(ID, position.id());
    }

    @Test
    void aCursorOfAnotherListingIsRefused() {
        assertInvalid(() -> CURSORS.read("other", CURSORS.issue("scope", AT, ID)));
    }

    @Test
    void aCursorSignedWithAnotherKeyIsRefused() {
        PageCursors other = new PageCursors("z".repeat(32).getBytes(StandardCharsets.UTF_8));
        assertInvalid(() -> CURSORS.read("scope", other.issue("scope", AT, ID)));
    }

    @Test
    void anAlteredPositionIsRefused() {
        String cursor = CURSORS.issue("scope", AT, ID);
        String forged = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(("1:" + ID).getBytes(StandardCharsets.UTF_8))
                + cursor.substring(cursor.indexOf('.'));
        assertInvalid(() -> CURSORS.read("scope", forged));
    }

    @Test
    void malformedCursorsAreRefused() {
        assertInvalid(() -> CURSORS.read("scope", "no-dot"));
        assertInvalid(() -> CURSORS.read("scope", "!!!.???"));
        assertInvalid(() -> CURSORS.read("scope", "."));
    }

    private static void assertInvalid(Runnable read) {
        ApiException e = assertThrows(ApiException.class, read::run);
        assertEquals("invalid_cursor", e.code());
    }
}
