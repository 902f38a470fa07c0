package studio.ainative.devkit.stytch.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher();

    @Test
    void hashesAreArgon2idPhcStringsWithOwaspParameters() {
        String hash = hasher.hash("violet-Kettle-41-harbour");

        assertTrue(hash.matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}"), hash);
    }

    @Test
    void theRightPasswordMatchesAndAWrongOneDoesNot() {
        String hash = hasher.hash("violet-Kettle-41-harbour");

        assertTrue(hasher.matches("violet-Kettle-41-harbour", hash));
        assertFalse(hasher.matches("violet-kettle-41-harbour", hash));
    }

    @Test
    void eachHashHasItsOwnSalt() {
        assertNotEquals(hasher.hash("same password"), hasher.hash("same password"));
    }

    @Test
    void verifiesAHashMadeIndependentlyWithTheReferenceParameters() {
        byte[] salt = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(1024).withIterations(1).withParallelism(1).withSalt(salt).build());
        byte[] out = new byte[32];
        generator.generateBytes("hunter2-but-longer".getBytes(StandardCharsets.UTF_8), out);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        String phc = "$argon2id$v=19$m=1024,t=1,p=1$" + b64.encodeToString(salt) + "$" + b64.encodeToString(out);

        assertTrue(hasher.matches("hunter2-but-longer", phc));
    }

    @Test
    void refusesHashesItCannotReadOrThatAskForTooMuchMemory() {
        assertFalse(hasher.matches("x", "not-a-hash"));
        assertFalse(hasher.matches("x", "$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaA"));
        assertFalse(hasher.matches("x", "$argon2id$v=19$m=9999999,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaA"));
    }
}
