package studio.ainative.identity.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The key ring's configuration: what starts the service, and each fault that stops it. */
class SecretKeyRingTest {

    private static final String KEY_A = Base64.getEncoder().encodeToString("key-a-for-tests-only-32-bytes-aa".getBytes());
    private static final String KEY_B = Base64.getEncoder().encodeToString("key-b-for-tests-only-32-bytes-bb".getBytes());

    @Test
    void acceptsTodaysSingleKey() {
        SecretKeyRing ring = SecretKeyRing.parse(KEY_A);
        assertEquals(1, ring.keys().size());
        assertArrayEquals(Base64.getDecoder().decode(KEY_A), ring.keys().get(0));
    }

    @Test
    void acceptsSeveralKeysFirstOneFirstAndIgnoresSpacesAroundThem() {
        SecretKeyRing ring = SecretKeyRing.parse(" " + KEY_B + " , " + KEY_A + "\n");
        assertEquals(2, ring.keys().size());
        assertArrayEquals(Base64.getDecoder().decode(KEY_B), ring.keys().get(0));
        assertArrayEquals(Base64.getDecoder().decode(KEY_A), ring.keys().get(1));
    }

    @Test
    void refusesAnEmptyValue() {
        assertRefused("", "is empty");
    }

    @Test
    void refusesABlankValue() {
        assertRefused("   ", "is empty");
    }

    @Test
    void refusesAnEmptyEntry() {
        assertRefused(KEY_A + ",", "key 2 of 2 is empty");
    }

    @Test
    void refusesAKeyThatIsNotBase64() {
        assertRefused(KEY_A + ",not*base64!", "key 2 of 2 is not base64");
    }

    @Test
    void refusesAKeyOfSixteenBytes() {
        assertRefused(Base64.getEncoder().encodeToString(new byte[16]), "must decode to 32 bytes, not 16");
    }

    @Test
    void refusesAKeyOfThirtyThreeBytes() {
        assertRefused(Base64.getEncoder().encodeToString(new byte[33]), "must decode to 32 bytes, not 33");
    }

    @Test
    void refusesTheSameKeyTwice() {
        assertRefused(KEY_A + "," + KEY_B + "," + KEY_A, "key 3 of 3 repeats key 1");
    }

    @Test
    void failsTheCipherAtStartUpOnABadValue() {
        assertThrows(IllegalStateException.class, () -> new SecretCipher(SecretKeyRing.parse("short")));
    }

    private static void assertRefused(String configured, String problem) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> SecretKeyRing.parse(configured));
        assertTrue(e.getMessage().contains(problem), e.getMessage());
        assertTrue(e.getMessage().contains("identity.secrets.keys"), e.getMessage());
        assertFalse(!configured.isBlank() && e.getMessage().contains(configured.strip()), "the key must not be echoed");
    }
}
