package studio.ainative.identity;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static studio.ainative.identity.fixtures.Platform.introspect;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import studio.ainative.identity.fixtures.IdpServerResource;
import studio.ainative.identity.fixtures.Platform;
import studio.ainative.identity.repository.PrincipalStore;
import studio.ainative.identity.security.CacheMac;
import studio.ainative.identity.service.Digests;
import studio.ainative.platform.testing.TestClock;
import studio.ainative.platform.testing.Tenant;
import studio.ainative.platform.testing.TestIdp;

/**
 * Redis cannot mint identities: principals, rejections and JWKS copies written into Redis by anyone
 * but identity (no MAC, another key's MAC, or identity's MAC of another entry) are misses, counted in
 * {@code identity.cache.forged}, and never served.
 */
@QuarkusTest
@QuarkusTestResource(IdpServerResource.class)
class RedisIntegrityTest {

    @Inject
    RedisDataSource redis;

    @Inject
    MeterRegistry meters;

    @ConfigProperty(name = "identity.redis.key-prefix")
    String prefix;

    @ConfigProperty(name = "identity.cache.integrity-key")
    String integrityKey;

    private Tenant tenant;
    private TestIdp idp;

    @BeforeEach
    void provider() {
        TestClock.INSTANCE.release();
        tenant = Platform.tenant("redis-integrity");
        idp = tenant.idp();
    }

    // --- principals ----------------------------------------------------------------------------------

    @Test
    void ignoresAPrincipalWrittenWithoutIdentitysMac() {
        String badSignature = tokenWithBadSignature();
        // What a principal looked like before it was sealed, every member right but the user.
        String forged = payloadOfARealPrincipal().replace("\"v\":2", "\"v\":1").replace("victim", "attacker");
        double before = forged("principal");

        redis.value(String.class).set(principalKey(badSignature), forged);

        introspect(badSignature).then().statusCode(200).body("active", is(false));
        assertEquals(before + 1, forged("principal"), "the forged principal is counted");
    }

    @Test
    void ignoresIdentitysOwnPrincipalCopiedUnderAnotherTokensDigest() {
        String valid = idp.token("victim");
        String sealed = cachedPrincipal(valid);
        String badSignature = tokenWithBadSignature();
        double before = forged("principal");

        redis.value(String.class).set(principalKey(badSignature), sealed);

        introspect(badSignature).then().statusCode(200).body("active", is(false));
        assertEquals(before + 1, forged("principal"));
    }

    @Test
    void ignoresAPrincipalSealedWithAnotherKey() {
        String payload = payloadOfARealPrincipal();
        String badSignature = tokenWithBadSignature();
        byte[] attackerKey = "attacker-attacker-attacker-key!!".getBytes(StandardCharsets.US_ASCII);

        redis.value(String.class).set(principalKey(badSignature), new CacheMac(attackerKey, null).seal(principalKey(badSignature), 2, payload));

        introspect(badSignature).then().statusCode(200).body("active", is(false));
    }

    // --- remembered rejections -----------------------------------------------------------------------

    @Test
    void ignoresARejectionWrittenWithoutIdentitysMac() {
        String valid = idp.token();
        double before = forged("rejection");

        redis.value(String.class).set(rejectionKey(valid), "INVALID");

        introspect(valid).then().statusCode(200).body("active", is(true));
        Platform.verify(valid).then().statusCode(200).body("valid", is(true));
        // Each request read it: the first one's principal was cached nowhere (a principal is cached from its second sighting).
        assertEquals(before + 2, forged("rejection"));
    }

    @Test
    void verifiesATokenWhoseRememberedRejectionThisReleaseDoesNotKnow() {
        String valid = idp.token();
        rememberRejection(valid, "SOMETHING_NEW");
        introspect(valid).then().statusCode(200).body("active", is(true));
    }

    @Test
    void servesARejectionIdentitySealed() {
        String valid = idp.token();
        rememberRejection(valid, "REVOKED");
        introspect(valid).then().statusCode(200).body("active", is(false));
    }

    // --- JWKS copies ---------------------------------------------------------------------------------

    @Test
    void neverTakesKeysFromAJwksCopyIdentityDidNotWrite() {
        RsaJsonWebKey attacker = TestIdp.newRsaKey(2048);
        String body = new JsonWebKeySet(attacker, idp.signingKey).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
        Instant now = Instant.now();
        String forgedCopy = new JsonObject().put("jwks_uri", idp.jwksUri()).put("body", body)
                .put("fetched_at", now.plusSeconds(60).toEpochMilli()).put("fresh_until", now.plusSeconds(3600).toEpochMilli()).encode();
        double before = forged("jwks");

        redis.value(String.class).set(prefix + "jwks:" + tenant.providerId(), forgedCopy);

        String attackersToken = TestIdp.sign(idp.claims("a@example.com"), attacker, "RS256", Map.of());
        introspect(attackersToken).then().statusCode(200).body("active", is(false));
        Platform.verify(attackersToken).then().statusCode(401).body("error", equalTo("invalid_token"));
        assertTrue(forged("jwks") >= before + 1, "the forged copy is counted");
        introspect(idp.token()).then().statusCode(200).body("active", is(true));
    }

    // --- helpers ---------------------------------------------------------------------------------------

    /** Otherwise valid, signed by a key of nobody's under the provider's own kid. */
    private String tokenWithBadSignature() {
        RsaJsonWebKey other = TestIdp.newRsaKey(2048);
        other.setKeyId(idp.signingKey.getKeyId());
        return TestIdp.sign(idp.claims("a@example.com"), other, "RS256", Map.of());
    }

    /** The principal identity cached for a valid token of user "victim", without its seal. */
    private String payloadOfARealPrincipal() {
        String sealed = cachedPrincipal(idp.token("victim"));
        return sealed.substring(sealed.indexOf('.', sealed.indexOf('.') + 1) + 1);
    }

    /**
     * The principal cached in Redis for a valid {@code token}: introspected twice (a principal is cached from its second
     * sighting), then read once written (the write follows the answer).
     */
    private String cachedPrincipal(String token) {
        introspect(token).then().statusCode(200).body("active", is(true));
        introspect(token).then().statusCode(200).body("active", is(true));
        return await().atMost(Duration.ofSeconds(5)).until(() -> redis.value(String.class).get(principalKey(token)), Objects::nonNull);
    }

    /** The digest introspection computes for a token presented without a project. */
    private String principalKey(String token) {
        return prefix + "p:" + Digests.sha256Hex(token, "");
    }

    private String rejectionKey(String token) {
        return prefix + "n:" + Digests.sha256Hex(token, "");
    }

    /** A rejection of {@code token} as identity would remember it: sealed with the configured key. */
    private void rememberRejection(String token, String reason) {
        CacheMac mac = new CacheMac(Base64.getDecoder().decode(integrityKey), null);
        redis.value(String.class).set(rejectionKey(token), mac.seal(rejectionKey(token), PrincipalStore.REJECTION_FORMAT, reason));
    }

    private double forged(String kind) {
        Counter counter = meters.find("identity.cache.forged").tag("kind", kind).counter();
        return counter == null ? 0 : counter.count();
    }
}
