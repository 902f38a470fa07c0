package studio.ainative.zerodb.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import studio.ainative.platform.web.ApiException;

/** Signed page cursors: what one listing issued it takes back; anything else is 400 invalid_cursor. */
class CursorsTest {

    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private final Cursors cursors = new Cursors(KEY);

    private static void assertInvalid(Runnable decode) {
        ApiException e = assertThrows(ApiException.class, decode::run);
        assertEquals(400, e.status());
        assertEquals("invalid_cursor", e.code());
    }

    private static String base64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aCursorDecodesToItsPositionInItsOwnScope() {
        String cursor = cursors.encode("vectors:p:ns", "doc-42");
        assertEquals("doc-42", cursors.decode("vectors:p:ns", cursor));
    }

    @Test
    void noCursorIsNoPosition() {
        assertNull(cursors.decode("vectors:p:ns", null));
        assertNull(cursors.decode("vectors:p:ns", ""));
    }

    @Test
    void anotherScopeRefusesIt() {
        String cursor = cursors.encode("vectors:p:ns", "doc-42");
        assertInvalid(() -> cursors.decode("vectors:p:other", cursor));
    }

    @Test
    void anAlteredPositionIsRefused() {
        String cursor = cursors.encode("files:p", "2024-01-01T00:00Z|" + java.util.UUID.randomUUID());
        String altered = base64("+999999999-12-31T23:59:59Z|" + java.util.UUID.randomUUID()) + cursor.substring(cursor.indexOf('.'));
        assertInvalid(() -> cursors.decode("files:p", altered));
    }

    @Test
    void aCursorSignedWithAnotherKeyIsRefused() {
        String cursor = new Cursors("another key of at least thirty-two chars".getBytes(StandardCharsets.UTF_8)).encode("files:p", "x");
        assertInvalid(() -> cursors.decode("files:p", cursor));
    }

    @Test
    void unsignedAndMalformedCursorsAreRefused() {
        for (String bad : new String[] {"AA", base64("doc-42"), "%%%.%%%", "AA.", ".AA", "a.b.c"}) {
            assertInvalid(() -> cursors.decode("vectors:p:ns", bad));
        }
        assertInvalid(() -> cursors.decode("vectors:p:ns", "A".repeat(5000) + "." + "A".repeat(43)));
    }

    @Test
    void positionTimesOutsideYearsOneToNineThousandNineHundredNinetyNineAreRefused() {
        assertEquals(2024, Cursors.time("2024-05-01T10:00:00.123456Z").getYear());
        assertInvalid(() -> Cursors.time("+999999999-12-31T23:59:59Z"));
        assertInvalid(() -> Cursors.time("+10000-01-01T00:00Z"));
        assertInvalid(() -> Cursors.time("yesterday"));
    }

    @Test
    void aConfiguredKeyShorterThanThirtyTwoCharactersIsRefused() {
        assertThrows(IllegalStateException.class, () -> Cursors.configuredKey("short"));
        assertEquals(32, Cursors.configuredKey("x".repeat(32)).length);
    }
}
