package studio.ainative.identity;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import studio.ainative.identity.fixtures.IdpServerResource;
import studio.ainative.identity.fixtures.Platform;
import studio.ainative.identity.repository.PrincipalStore;
import studio.ainative.identity.service.Digests;
import studio.ainative.identity.service.IntrospectionOutcome;
import studio.ainative.platform.testing.Tenant;
import studio.ainative.platform.testing.TestClock;
import studio.ainative.platform.testing.TestIdp;

/**
 * Redis's deny list is the authoritative one: a revocation this replica never heard of (made by another replica while
 * this one was down, its event long gone) still refuses the token at its first verification, and a principal cached
 * before it at its next read. The check runs with every lookup of a cached principal, in the script that caches one,
 * and alone for a principal too close to its {@code exp} to be cached.
 */
@QuarkusTest
@QuarkusTestResource(IdpServerResource.class)
class RedisDenyListTest {

    @Inject
    RedisDataSource redis;

    @ConfigProperty(name = "identity.redis.key-prefix")
    String prefix;

    @Inject
    PrincipalStore store;

    @Inject
    MeterRegistry meters;

    private TestIdp idp;
    private Tenant tenant;

    @BeforeEach
    void provider() {
        TestClock.INSTANCE.release();
        tenant = Platform.tenant("redis-deny-list");
        idp = tenant.idp();
    }

    @Test
    void aTokenRevokedOnlyInRedisIsRefusedAtItsFirstVerification() {
        String token = idp.token();
        denyInRedisOnly(token);
        Platform.verify(token).then().statusCode(401).body("error_description", equalTo("token revoked"));
        Platform.verify(idp.token()).then().statusCode(200).body("valid", is(true));
    }

    @Test
    void aTokenPastItsExpWithinTheSkewIsCheckedThoughNotCached() {
        long now = Instant.now().getEpochSecond();
        JwtClaims claims = idp.claims("user@example.com");
        claims.setIssuedAt(NumericDate.fromSeconds(now - 300));
        claims.setNotBefore(NumericDate.fromSeconds(now - 300));
        claims.setExpirationTime(NumericDate.fromSeconds(now - 10));
        String revoked = idp.sign(claims);
        denyInRedisOnly(revoked);
        Platform.verify(revoked).then().statusCode(401).body("error_description", equalTo("token revoked"));

        claims.setSubject("user-test-not-revoked");
        Platform.verify(idp.sign(claims)).then().statusCode(200).body("valid", is(true));
    }

    @Test
    void aSessionRevokedOnlyInRedisIsRefusedAtItsFirstVerification() {
        String session = "session-redis-only-" + UUID.randomUUID();
        redis.value(String.class).set(prefix + "d:s:" + tenant.projectId() + ":" + session, "1", new SetArgs().ex(600));

        Platform.verify(tokenInSession(session)).then().statusCode(401).body("error_description", equalTo("token revoked"));
        Platform.verify(tokenInSession(session + "-other")).then().statusCode(200).body("valid", is(true));
    }

    @Test
    void aUserRevokedOnlyInRedisLosesTheTokensIssuedUpToTheRevocation() {
        String user = "user-redis-only-" + UUID.randomUUID();
        String ownerId = Platform.introspect(idp.token(user)).then().statusCode(200).extract().path("owner_id");
        long revokedBefore = Instant.now().getEpochSecond() - 60;
        redis.value(String.class).set(prefix + "d:u:" + tenant.projectId() + ":" + ownerId, Long.toString(revokedBefore),
                new SetArgs().ex(600));

        Platform.verify(tokenOf(user, revokedBefore - 1)).then().statusCode(401).body("error_description", equalTo("token revoked"));
        Platform.verify(tokenOf(user, revokedBefore)).then().statusCode(401).body("error_description", equalTo("token revoked"));
        Platform.verify(tokenOf(user, revokedBefore + 1)).then().statusCode(200).body("valid", is(true));
    }

    /**
     * A revocation deletes no cached principal: the deny entries fetched with it refuse it at every read, without
     * verifying the token again. This replica's in-process copy is dropped first, as on a replica that missed the
     * revocation's event.
     */
    @Test
    void aPrincipalCachedInRedisBeforeARevocationIsRefusedAtItsNextRead() {
        String token = idp.token();
        String session = "session-cached-" + UUID.randomUUID();
        String inSession = tokenInSession(session);
        String user = "user-cached-" + UUID.randomUUID();
        String ofUser = tokenOf(user, Instant.now().getEpochSecond() - 5);
        String ownerId = Platform.introspect(ofUser).then().statusCode(200).extract().path("owner_id");
        Platform.introspect(ofUser).then().statusCode(200); // cached from the second sighting
        for (String cached : new String[] {token, inSession}) {
            Platform.verify(cached).then().statusCode(200);
            Platform.verify(cached).then().statusCode(200);
        }
        for (String cached : new String[] {token, inSession, ofUser}) {
            await().atMost(Duration.ofSeconds(5)).until(() -> redis.key().exists(principalKey(cached)));
        }

        denyInRedisOnly(token);
        redis.value(String.class).set(prefix + "d:s:" + tenant.projectId() + ":" + session, "1", new SetArgs().ex(600));
        redis.value(String.class).set(prefix + "d:u:" + tenant.projectId() + ":" + ownerId, Long.toString(Instant.now().getEpochSecond()),
                new SetArgs().ex(600));
        store.dropLocal();
        double verified = verifications();

        for (String revoked : new String[] {token, inSession, ofUser}) {
            Platform.verify(revoked).then().statusCode(401).body("error_description", equalTo("token revoked"));
            Platform.introspect(revoked).then().statusCode(200).body("active", is(false));
            assertTrue(redis.key().exists(principalKey(revoked)), "refused at the read, not deleted");
        }
        assertEquals(verified, verifications(), "a refused cached principal is not verified again");
    }

    /**
     * During a rolling upgrade from the release before cache format 4, its replicas still read their own principals
     * without the deny check, and find them through the index sets they wrote: a revocation deletes those, as it did.
     */
    @Test
    void aRevocationStillDeletesThePrincipalsTheReleaseBeforeIndexed() {
        String token = idp.token();
        String index = prefix + "ix:t:" + Digests.sha256Hex(token.substring(0, token.lastIndexOf('.')));
        String legacy = prefix + "p:legacy-" + UUID.randomUUID();
        redis.value(String.class).set(legacy, "3.mac.principal", new SetArgs().ex(600));
        redis.set(String.class).sadd(index, legacy);

        given().header("Authorization", "Bearer " + token).post("/api/v1/auth/revoke").then().statusCode(200);
        assertFalse(redis.key().exists(legacy), "the earlier release's principal is deleted");
        assertFalse(redis.key().exists(index), "and its index set");
    }

    /**
     * A revocation that reaches Redis after the lookup found the deny list clear, but before the principal is written
     * after the answer: the write refuses it, so no revoked principal stays cached, and this replica drops its copy.
     */
    @Test
    void theWriteAfterTheAnswerRefusesAPrincipalRevokedMeanwhile() {
        String token = idp.token();
        String ownerId = Platform.introspect(token).then().statusCode(200).extract().path("owner_id");
        Platform.introspect(token).then().statusCode(200); // cached from the second sighting
        IntrospectionOutcome.Active active = (IntrospectionOutcome.Active) await().atMost(Duration.ofSeconds(5))
                .until(() -> store.lookup(Digests.sha256Hex(token, ""), null).await().indefinitely().outcome(), Optional::isPresent)
                .orElseThrow();
        assertEquals(ownerId, active.ownerId());
        String digest = "write-after-answer-" + UUID.randomUUID();
        denyInRedisOnly(token);

        AtomicBoolean refused = new AtomicBoolean();
        store.putLocal(digest, active, store.epoch());
        store.putSharedAfterAnswer(digest, active, () -> {
            store.forget(digest);
            refused.set(true);
        });

        await().atMost(Duration.ofSeconds(5)).untilTrue(refused);
        assertFalse(redis.key().exists(prefix + "p:" + digest), "a revoked principal is never written");
        assertTrue(store.local(digest).isEmpty(), "this replica's copy is dropped");
    }

    private String principalKey(String token) {
        return prefix + "p:" + Digests.sha256Hex(token, "");
    }

    private double verifications() {
        return meters.counter("identity.verifications", "outcome", "valid", "reason", "none").count();
    }

    private String tokenInSession(String session) {
        JwtClaims claims = idp.claims("user@example.com");
        @SuppressWarnings("unchecked")
        Map<String, Object> stytchSession = new HashMap<>((Map<String, Object>) claims.getClaimValue("https://stytch.com/session"));
        stytchSession.put("id", session);
        claims.setClaim("https://stytch.com/session", stytchSession);
        return idp.sign(claims);
    }

    private String tokenOf(String subject, long issuedAt) {
        JwtClaims claims = idp.claims("user@example.com");
        claims.setSubject(subject);
        claims.setIssuedAt(NumericDate.fromSeconds(issuedAt));
        claims.setNotBefore(NumericDate.fromSeconds(issuedAt));
        return idp.sign(claims);
    }

    /** What a revocation writes in Redis (the deny key of the token's id), without the event that tells replicas. */
    private void denyInRedisOnly(String token) {
        String signingInput = token.substring(0, token.lastIndexOf('.'));
        redis.value(String.class).set(prefix + "d:t:" + Digests.sha256Hex(signingInput), "0", new SetArgs().ex(600));
    }
}
