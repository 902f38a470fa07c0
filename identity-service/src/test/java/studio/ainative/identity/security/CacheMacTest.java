package studio.ainative.identity.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import studio.ainative.identity.security.CacheMac.Status;

class CacheMacTest {

    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OTHER_KEY = "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII);
    private static final String REDIS_KEY = "idn:p:0f1e2d";
    private static final String VALUE = "{\"v\":2,\"tid\":\"x\"}\n{\"active\":true,\"user_id\":\"ü\"}";

    private final CacheMac mac = new CacheMac(KEY, null);

    @Test
    void opensWhatItSealedUnderTheSameKeyAndFormat() {
        CacheMac.Opened opened = mac.open(REDIS_KEY, 2, mac.seal(REDIS_KEY, 2, VALUE));
        assertEquals(Status.VALID, opened.status());
        assertEquals(VALUE, opened.value());
    }

    @Test
    void refusesAValueWithOneByteAltered() {
        String sealed = mac.seal(REDIS_KEY, 2, VALUE);
        String altered = sealed.replace("\"active\":true", "\"active\":trUe");
        assertEquals(Status.FORGED, mac.open(REDIS_KEY, 2, altered).status());
    }

    @Test
    void refusesAMacWithOneCharacterAltered() {
        String sealed = mac.seal(REDIS_KEY, 2, VALUE);
        char[] chars = sealed.toCharArray();
        chars[5] = chars[5] == 'A' ? 'B' : 'A';
        assertEquals(Status.FORGED, mac.open(REDIS_KEY, 2, new String(chars)).status());
    }

    @Test
    void refusesAValueSealedWithAnotherKey() {
        String sealed = new CacheMac(OTHER_KEY, null).seal(REDIS_KEY, 2, VALUE);
        assertEquals(Status.FORGED, mac.open(REDIS_KEY, 2, sealed).status());
    }

    @Test
    void refusesAValueCopiedUnderAnotherRedisKey() {
        String sealed = mac.seal(REDIS_KEY, 2, VALUE);
        assertEquals(Status.FORGED, mac.open("idn:p:99aa88", 2, sealed).status());
    }

    @Test
    void refusesAValueRelabelledWithAnotherFormat() {
        String sealed = mac.seal(REDIS_KEY, 1, VALUE);
        String relabelled = "2" + sealed.substring(1);
        assertEquals(Status.FORGED, mac.open(REDIS_KEY, 2, relabelled).status());
    }

    @Test
    void treatsAnotherFormatVersionAsAPlainMiss() {
        assertEquals(Status.OTHER_FORMAT, mac.open(REDIS_KEY, 2, mac.seal(REDIS_KEY, 1, VALUE)).status());
    }

    @Test
    void refusesAnUnsealedValue() {
        assertEquals(Status.FORGED, mac.open(REDIS_KEY, 2, VALUE).status());
        assertEquals(Status.FORGED, mac.open("idn:n:0f1e2d", 1, "INVALID").status());
        assertEquals(Status.FORGED, mac.open(REDIS_KEY, 2, "").status());
        assertEquals(Status.FORGED, mac.open(REDIS_KEY, 2, "2.short.value").status());
    }

    @Test
    void opensAValueSealedWithThePreviousKeyDuringARotation() {
        String sealedBefore = new CacheMac(OTHER_KEY, null).seal(REDIS_KEY, 2, VALUE);
        CacheMac rotated = new CacheMac(KEY, OTHER_KEY);
        assertEquals(Status.VALID, rotated.open(REDIS_KEY, 2, sealedBefore).status());
        assertEquals(Status.FORGED, mac.open(REDIS_KEY, 2, sealedBefore).status(), "without the previous key it does not open");
    }

    @Test
    void sealsOnlyWithTheCurrentKey() {
        String sealed = new CacheMac(KEY, OTHER_KEY).seal(REDIS_KEY, 2, VALUE);
        assertEquals(Status.VALID, mac.open(REDIS_KEY, 2, sealed).status());
        assertEquals(Status.FORGED, new CacheMac(OTHER_KEY, null).open(REDIS_KEY, 2, sealed).status());
    }

    @Test
    void acceptsAConfiguredKeyOfAtLeast32Bytes() {
        byte[] decoded = CacheMac.decodeKey("k", Base64.getEncoder().encodeToString(KEY));
        assertTrue(Arrays.equals(KEY, decoded));
    }

    @Test
    void refusesAConfiguredKeyShorterThan32Bytes() {
        String shortKey = Base64.getEncoder().encodeToString(Arrays.copyOf(KEY, 31));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CacheMac.decodeKey("identity.cache.integrity-key", shortKey));
        assertTrue(e.getMessage().startsWith("identity.cache.integrity-key"));
    }

    @Test
    void refusesAConfiguredKeyThatIsNotBase64WithoutEchoingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CacheMac.decodeKey("identity.cache.integrity-key", "not base64 at all!"));
        assertTrue(!e.getMessage().contains("not base64 at all"));
    }
}
