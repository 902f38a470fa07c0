package studio.ainative.identity.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SightingsTest {

    @Test
    void aDigestIsFirstOnceThenSeen() {
        Sightings sightings = new Sightings();
        String digest = Digests.sha256Hex("token", "");
        assertTrue(sightings.first(digest));
        assertFalse(sightings.first(digest));
        assertFalse(sightings.first(digest));
        assertTrue(sightings.first(Digests.sha256Hex("another token", "")));
    }

    @Test
    void aNewerDigestTakesTheSlotAndTheOlderIsFirstAgain() {
        Sightings sightings = new Sightings();
        String older = "0000000000000abc" + "0".repeat(48);
        String newer = "0000000100000abc" + "0".repeat(48); // another fingerprint, the same slot
        assertEquals(Sightings.fingerprint(older) & (Sightings.SLOTS - 1), Sightings.fingerprint(newer) & (Sightings.SLOTS - 1));
        assertNotEquals(Sightings.fingerprint(older), Sightings.fingerprint(newer));
        assertTrue(sightings.first(older));
        assertTrue(sightings.first(newer));
        assertTrue(sightings.first(older), "its slot was taken: it counts as first again, so it is verified once more");
        assertFalse(sightings.first(older));
    }

    @Test
    void theEmptySlotIsNeverAFingerprint() {
        String zeros = "0".repeat(64);
        assertEquals(1, Sightings.fingerprint(zeros));
        Sightings sightings = new Sightings();
        assertTrue(sightings.first(zeros), "an empty slot does not count as a sighting");
        assertFalse(sightings.first(zeros));
    }
}
