package studio.ainative.identity;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import studio.ainative.identity.fixtures.IdpServerResource;
import studio.ainative.identity.fixtures.Platform;
import studio.ainative.identity.service.Digests;
import studio.ainative.platform.testing.Tenant;
import studio.ainative.platform.testing.TestClock;
import studio.ainative.platform.testing.TestIdp;

/**
 * Redis's deny list is the authoritative one: a revocation this replica never heard of (made by another replica while
 * this one was down, its event long gone) still refuses the token at its first verification. The check runs in the
 * script that caches the principal, and alone for a principal too close to its {@code exp} to be cached.
 */
@QuarkusTest
@QuarkusTestResource(IdpServerResource.class)
class RedisDenyListTest {

    @Inject
    RedisDataSource redis;

    @ConfigProperty(name = "identity.redis.key-prefix")
    String prefix;

    private TestIdp idp;

    @BeforeEach
    void provider() {
        TestClock.INSTANCE.release();
        Tenant tenant = Platform.tenant("redis-deny-list");
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

    /** What a revocation writes in Redis (the deny key of the token's id), without the event that tells replicas. */
    private void denyInRedisOnly(String token) {
        String signingInput = token.substring(0, token.lastIndexOf('.'));
        redis.value(String.class).set(prefix + "d:t:" + Digests.sha256Hex(signingInput), "0", new SetArgs().ex(600));
    }
}
