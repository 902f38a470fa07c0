package studio.ainative.identity.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import studio.ainative.identity.fixtures.SecretEnvelopes;

/** Provider secrets at rest over a key ring: rotation, the pre-ring envelope, and what never decrypts. */
class SecretCipherTest {

    private static final String PROVIDER = "7d1f3a52-0a7e-4c1e-9a55-3f1b2d9c0e11";
    private static final String SECRET = "secret-test-0123456789abcdef";

    private static final String KEY_A = randomKey();
    private static final String KEY_B = randomKey();

    private static SecretCipher ring(String... keys) {
        return new SecretCipher(SecretKeyRing.parse(String.join(",", keys)));
    }

    @Test
    void decryptsWhatItEncrypted() {
        SecretCipher cipher = ring(KEY_A);
        assertEquals(SECRET, cipher.decrypt(cipher.encrypt(SECRET, PROVIDER), PROVIDER));
    }

    @Test
    void decryptsASecretWrittenUnderKeyAOnceTheRingIsBThenA() {
        byte[] stored = ring(KEY_A).encrypt(SECRET, PROVIDER);
        assertEquals(SECRET, ring(KEY_B, KEY_A).decrypt(stored, PROVIDER));
    }

    @Test
    void encryptsUnderTheFirstKeyOfTheRing() {
        byte[] stored = ring(KEY_B, KEY_A).encrypt(SECRET, PROVIDER);
        assertEquals(SECRET, ring(KEY_B).decrypt(stored, PROVIDER));
        assertThrows(UndecryptableSecretException.class, () -> ring(KEY_A).decrypt(stored, PROVIDER));
    }

    @Test
    void afterReencryptionUnderRingBThenAKeyBAloneDecrypts() {
        byte[] underA = ring(KEY_A).encrypt(SECRET, PROVIDER);
        SecretCipher rotating = ring(KEY_B, KEY_A);
        assertFalse(rotating.isUnderPrimaryKey(underA));

        byte[] underB = rotating.reencrypt(underA, PROVIDER);

        assertTrue(rotating.isUnderPrimaryKey(underB));
        assertEquals(SECRET, ring(KEY_B).decrypt(underB, PROVIDER));
        assertThrows(UndecryptableSecretException.class, () -> ring(KEY_B).decrypt(underA, PROVIDER));
    }

    @Test
    void decryptsTheEnvelopeWrittenBeforeTheKeyRing() {
        byte[] legacy = SecretEnvelopes.legacy(KEY_A, SECRET, PROVIDER);
        assertEquals(SECRET, ring(KEY_A).decrypt(legacy, PROVIDER));
        assertEquals(SECRET, ring(KEY_B, KEY_A).decrypt(legacy, PROVIDER));
    }

    @Test
    void countsTheEnvelopeWrittenBeforeTheKeyRingAsDueForReencryption() {
        SecretCipher cipher = ring(KEY_A);
        byte[] legacy = SecretEnvelopes.legacy(KEY_A, SECRET, PROVIDER);
        assertFalse(cipher.isUnderPrimaryKey(legacy));
        assertTrue(cipher.isUnderPrimaryKey(cipher.reencrypt(legacy, PROVIDER)));
    }

    @Test
    void refusesTheEnvelopeWrittenBeforeTheKeyRingUnderAKeyNoLongerInTheRing() {
        byte[] legacy = SecretEnvelopes.legacy(KEY_A, SECRET, PROVIDER);
        assertThrows(UndecryptableSecretException.class, () -> ring(KEY_B).decrypt(legacy, PROVIDER));
    }

    @Test
    void refusesASecretCopiedOntoAnotherProvider() {
        SecretCipher cipher = ring(KEY_A);
        byte[] stored = cipher.encrypt(SECRET, PROVIDER);
        assertThrows(UndecryptableSecretException.class, () -> cipher.decrypt(stored, "another-provider"));
    }

    @Test
    void refusesATamperedCiphertext() {
        SecretCipher cipher = ring(KEY_A);
        byte[] stored = cipher.encrypt(SECRET, PROVIDER);
        stored[stored.length - 1] ^= 1;
        assertThrows(UndecryptableSecretException.class, () -> cipher.decrypt(stored, PROVIDER));
    }

    @Test
    void refusesAnUnknownFormatVersion() {
        SecretCipher cipher = ring(KEY_A);
        byte[] stored = cipher.encrypt(SECRET, PROVIDER);
        stored[0] = 3;
        assertThrows(UndecryptableSecretException.class, () -> cipher.decrypt(stored, PROVIDER));
    }

    @Test
    void refusesATruncatedCiphertext() {
        assertThrows(UndecryptableSecretException.class, () -> ring(KEY_A).decrypt(new byte[] {2}, PROVIDER));
    }

    @Test
    void neverStoresTheSecretInClear() {
        byte[] stored = ring(KEY_A).encrypt(SECRET, PROVIDER);
        assertFalse(new String(stored, StandardCharsets.ISO_8859_1).contains(SECRET));
    }

    @Test
    void keyIdsDoNotDependOnTheKeysPlaceInTheRing() {
        byte[] underBAsPrimary = ring(KEY_B, KEY_A).encrypt(SECRET, PROVIDER);
        assertTrue(ring(KEY_B).isUnderPrimaryKey(underBAsPrimary));
        assertFalse(ring(KEY_A, KEY_B).isUnderPrimaryKey(underBAsPrimary));
        assertArrayEquals(SECRET.getBytes(StandardCharsets.UTF_8),
                ring(KEY_A, KEY_B).decrypt(underBAsPrimary, PROVIDER).getBytes(StandardCharsets.UTF_8));
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
