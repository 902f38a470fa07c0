package studio.ainative.identity.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.junit.jupiter.api.Test;
import studio.ainative.platform.testing.SigningKeyPem;

/** Parsing identity's signing keys: no default, RSA ≥ 2048 only, and two published at once for a rotation. */
class SigningKeysTest {

    @Test
    void refusesAMissingKey() {
        assertThrows(IllegalStateException.class, () -> SigningKeys.parse("k", " "));
    }

    @Test
    void refusesSomethingThatIsNotAKey() {
        assertThrows(IllegalStateException.class, () -> SigningKeys.parse("k", "-----BEGIN PRIVATE KEY-----bm90IGEga2V5-----END PRIVATE KEY-----"));
    }

    @Test
    void refusesAnRsaKeyShorterThan2048Bits() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024);
        String pem = Base64.getEncoder().encodeToString(generator.generateKeyPair().getPrivate().getEncoded());
        assertThrows(IllegalStateException.class, () -> SigningKeys.parse("k", pem));
    }

    @Test
    void refusesAnEcKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        String pem = Base64.getEncoder().encodeToString(generator.generateKeyPair().getPrivate().getEncoded());
        assertThrows(IllegalStateException.class, () -> SigningKeys.parse("k", pem));
    }

    @Test
    void acceptsAPemAndItsBase64BodyAlikeAndNamesTheKeyByItsThumbprint() {
        String pem = SigningKeyPem.generate();
        String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        assertEquals(SigningKeys.parse("k", pem).getKeyId(), SigningKeys.parse("k", body).getKeyId());
        assertEquals(43, SigningKeys.parse("k", pem).getKeyId().length(), "base64url SHA-256");
    }

    @Test
    void publishesBothKeysDuringARotationAndSignsWithTheFirst() throws Exception {
        String current = SigningKeyPem.generate();
        String additional = SigningKeyPem.generate();
        SigningKeys keys = new SigningKeys(current, java.util.Optional.of(additional));
        List<JsonWebKey> published = new JsonWebKeySet(keys.publicJwks()).getJsonWebKeys();
        assertEquals(2, published.size());
        assertEquals(SigningKeys.parse("k", current).getKeyId(), keys.current().getKeyId());
        assertNotEquals(published.get(0).getKeyId(), published.get(1).getKeyId());
        assertTrue(published.stream().allMatch(k -> "sig".equals(k.getUse()) && "RS256".equals(k.getAlgorithm())));
        assertFalse(keys.publicJwks().contains("\"d\""));
    }
}
