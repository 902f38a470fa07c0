package studio.ainative.identity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import studio.ainative.identity.fixtures.Database;
import studio.ainative.identity.fixtures.IdpServerResource;
import studio.ainative.identity.fixtures.Platform;
import studio.ainative.identity.fixtures.SecretEnvelopes;
import studio.ainative.identity.security.SecretCipher;
import studio.ainative.identity.security.SecretKeyRing;
import studio.ainative.identity.security.UndecryptableSecretException;
import studio.ainative.platform.testing.TestIdp;

/**
 * Key rotation of provider secrets through the operator endpoint. The test profile's ring is
 * [B, A]: A is the key of the tests before the ring, B the primary. After a re-encryption, B alone
 * must open every stored secret that any key of the ring opened.
 */
@QuarkusTest
@QuarkusTestResource(IdpServerResource.class)
class SecretReencryptionTest {

    private static final String REENCRYPT = "/internal/v1/admin/secrets/reencrypt";

    private Platform.Project project;
    private String keyB;
    private String keyA;

    @BeforeEach
    void setUp() {
        project = Platform.newProject();
        String[] ring = ConfigProvider.getConfig().getValue("identity.secrets.keys", String.class).split(",");
        assertEquals(2, ring.length, "the test profile runs a ring of two");
        keyB = ring[0].strip();
        keyA = ring[1].strip();
    }

    @Test
    void refusesWithoutTheAdminToken() {
        given().post(REENCRYPT).then().statusCode(401).contentType("application/problem+json")
                .body("code", equalTo("invalid_admin_token"));
    }

    @Test
    void refusesAWrongAdminToken() {
        given().header("X-Admin-Token", "wrong").post(REENCRYPT).then().statusCode(401).body("code", equalTo("invalid_admin_token"));
    }

    @Test
    void aSecretWrittenUnderKeyAIsReadableWithTheRingBThenAAndAfterReencryptionWithBAlone() throws Exception {
        String secret = "secret-test-" + UUID.randomUUID();
        String id = registeredUnderKeyA(secret);

        Map<String, Integer> result = reencrypt();

        assertTrue(result.get("reencrypted") >= 1, result.toString());
        byte[] stored = Database.storedSecret(id);
        assertEquals(secret, cipher(keyB).decrypt(stored, id));
        assertThrows(UndecryptableSecretException.class, () -> cipher(keyA).decrypt(stored, id));
    }

    @Test
    void reencryptsTheEnvelopeWrittenBeforeTheKeyRing() throws Exception {
        String secret = "secret-test-" + UUID.randomUUID();
        String id = registerWithSecret(secret);
        Database.storeSecret(id, SecretEnvelopes.legacy(keyA, secret, id));

        reencrypt();

        assertEquals(secret, cipher(keyB).decrypt(Database.storedSecret(id), id));
    }

    @Test
    void isIdempotent() throws Exception {
        String secret = "secret-test-" + UUID.randomUUID();
        String id = registeredUnderKeyA(secret);
        reencrypt();
        byte[] afterFirstRun = Database.storedSecret(id);

        Map<String, Integer> second = reencrypt();

        assertEquals(0, second.get("reencrypted"), second.toString());
        assertArrayEquals(afterFirstRun, Database.storedSecret(id));
    }

    @Test
    void countsASecretNoKeyOpensAsFailedAndGoesOnWithTheOthers() throws Exception {
        String broken = registerWithSecret("secret-test-" + UUID.randomUUID());
        byte[] corrupted = Database.storedSecret(broken);
        corrupted[corrupted.length - 1] ^= 1;
        Database.storeSecret(broken, corrupted);
        String secret = "secret-test-" + UUID.randomUUID();
        String id = registeredUnderKeyA(secret);

        Map<String, Integer> result = reencrypt();

        assertTrue(result.get("failed") >= 1, result.toString());
        assertArrayEquals(corrupted, Database.storedSecret(broken), "an unreadable secret is left as it is");
        assertEquals(secret, cipher(keyB).decrypt(Database.storedSecret(id), id));
    }

    @Test
    void answersCountsOnlyNeverSecrets() throws Exception {
        String secret = "secret-test-" + UUID.randomUUID();
        String id = registeredUnderKeyA(secret);
        Response r = given().header("X-Admin-Token", Platform.ADMIN_TOKEN).post(REENCRYPT);
        r.then().statusCode(200);
        assertEquals(java.util.Set.of("reencrypted", "failed"), r.jsonPath().getMap("$").keySet());
        assertFalse(r.asString().contains(secret));
    }

    // --- helpers ---------------------------------------------------------------------------------

    private String registerWithSecret(String secret) {
        Response r = Platform.register(project, TestIdp.create().registration("\"api_secret\":\"" + secret + "\""));
        r.then().statusCode(201);
        return r.path("id");
    }

    /** A provider whose secret is stored under key A, as a service configured with A alone wrote it. */
    private String registeredUnderKeyA(String secret) throws Exception {
        String id = registerWithSecret(secret);
        Database.storeSecret(id, cipher(keyA).encrypt(secret, id));
        return id;
    }

    private static Map<String, Integer> reencrypt() {
        Response r = given().header("X-Admin-Token", Platform.ADMIN_TOKEN).post(REENCRYPT);
        r.then().statusCode(200);
        return r.jsonPath().getMap("$", String.class, Integer.class);
    }

    private static SecretCipher cipher(String keys) {
        return new SecretCipher(SecretKeyRing.parse(keys));
    }
}
