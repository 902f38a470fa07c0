package studio.ainative.identity;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static studio.ainative.identity.fixtures.Platform.introspect;
import static studio.ainative.identity.fixtures.Platform.verify;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jose4j.jwk.RsaJsonWebKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import studio.ainative.platform.testing.IdpServer;
import studio.ainative.identity.fixtures.IdpServerResource;
import studio.ainative.identity.fixtures.Platform;
import studio.ainative.platform.testing.TestClock;
import studio.ainative.platform.testing.Tenant;
import studio.ainative.platform.testing.TestIdp;
import studio.ainative.identity.jwks.JwksCache;
import studio.ainative.identity.service.Digests;

/**
 * TOKEN-ATTACKS.md rows 9, 23 and 24: how verification behaves when the IdP's JWKS misbehaves, and a
 * key rotated in while the unknown-kid refetch budget is spent.
 */
@QuarkusTest
@QuarkusTestResource(IdpServerResource.class)
class JwksAvailabilityTest {

    @Inject
    JwksCache jwksCache;

    @Inject
    RedisDataSource redis;

    @ConfigProperty(name = "identity.redis.key-prefix")
    String prefix;

    @AfterEach
    void realTime() {
        TestClock.INSTANCE.release();
    }

    // --- 23. nothing cached and the JWKS endpoint fails ------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"html", "status-500", "empty-object", "ten-megabytes", "stall-30s", "redirect"})
    void reportsKeysUnavailableWhenTheJwksFailsAndNothingIsCached(String failure) {
        Tenant tenant = Platform.tenant("jwks-availability");
        TestIdp idp = tenant.idp();
        IdpServer.get().answer(idp.jwksPath, switch (failure) {
            case "html" -> IdpServer.Answer.of(200, "text/html", "<html><body>maintenance</body></html>");
            case "status-500" -> IdpServer.Answer.of(500, "application/json", "{\"error\":\"down\"}");
            case "empty-object" -> IdpServer.Answer.json("{}");
            case "ten-megabytes" -> IdpServer.Answer.huge(10 * 1024 * 1024);
            case "stall-30s" -> IdpServer.Answer.stall(30_000);
            default -> IdpServer.Answer.redirect(idp.jwksUri() + "-moved");
        });
        jwksCache.forget(UUID.fromString(tenant.providerId())).await().indefinitely(); // nothing cached here nor in Redis

        assertKeysUnavailable(verify(idp.token()));
        assertTrue(IdpServer.get().hits(idp.jwksPath + "-moved") == 0, "redirects are never followed");
    }

    // --- 24. the JWKS fails but last-good keys are cached ----------------------------------------

    @Test
    void keepsVerifyingWithLastGoodKeysThroughAnIdpOutage() {
        TestIdp idp = Platform.tenant("jwks-availability").idp();
        verify(idp.token()).then().statusCode(200);

        IdpServer.get().answer(idp.jwksPath, IdpServer.Answer.of(503, "text/plain", "outage"));
        TestClock.INSTANCE.freeze();
        TestClock.INSTANCE.advance(Duration.ofHours(2)); // past any JWKS TTL (max 1 h), within max-stale (24 h)

        verify(idp.token()).then().statusCode(200).body("valid", equalTo(true));
        verify(idp.token()).then().statusCode(200);
    }

    @Test
    void stopsServingKeysOlderThanTheStaleLimit() {
        TestIdp idp = Platform.tenant("jwks-availability").idp();
        IdpServer.get().answer(idp.jwksPath, IdpServer.Answer.of(503, "text/plain", "outage"));
        TestClock.INSTANCE.freeze();
        TestClock.INSTANCE.advance(Duration.ofHours(25));

        assertKeysUnavailable(verify(idp.token()));
    }

    // --- 9. flood of unknown kids ----------------------------------------------------------------

    @Test
    void floodOfUnknownKidsCostsAtMostTwoJwksFetches() {
        TestIdp idp = Platform.tenant("jwks-availability").idp(); // fetch 1 (registration)
        for (int i = 0; i < 40; i++) {
            String token = TestIdp.sign(idp.claims("a@example.com"), idp.signingKey, "RS256", Map.of("kid", "random-" + UUID.randomUUID()));
            // The first unknown kid is refetched for and refused; the rest find the refetch budget spent: keys unavailable.
            Response answer = verify(token);
            if (answer.statusCode() == 503) {
                assertKeysUnavailable(answer);
            } else {
                answer.then().statusCode(401).body("error", equalTo("invalid_token"));
            }
        }
        int fetches = IdpServer.get().hits(idp.jwksPath);
        assertTrue(fetches <= 2, "JWKS fetched " + fetches + " times for one provider within 30 s");
        verify(idp.token()).then().statusCode(200);
    }

    // --- an unknown kid while the refetch budget is spent is no proof of an invalid token --------

    @Test
    void aKeyRotatedInWhileTheRefetchBudgetIsSpentIsUnavailableNotInvalid() {
        Tenant tenant = Platform.tenant("jwks-availability");
        TestIdp idp = tenant.idp();
        TestClock.INSTANCE.freeze();
        // Anyone can spend the budget: a token of a kid the provider never had (the refetch finds no such key).
        String spender = TestIdp.sign(idp.claims("a@example.com"), TestIdp.newRsaKey(2048), "RS256", Map.of());
        introspect(spender).then().statusCode(200).body("active", equalTo(false));

        RsaJsonWebKey rotated = TestIdp.newRsaKey(2048);
        idp.alsoPublish(rotated);
        String rotatedToken = TestIdp.sign(idp.claims("a@example.com"), rotated, "RS256", Map.of());
        String garbage = TestIdp.sign(idp.claims("a@example.com"), TestIdp.newRsaKey(2048), "RS256", Map.of());

        introspect(rotatedToken).then().statusCode(503).header("Retry-After", notNullValue())
                .body("code", equalTo("temporarily_unavailable"));
        assertKeysUnavailable(verify(rotatedToken));
        introspect(garbage).then().statusCode(503);
        assertFalse(redis.key().exists(prefix + "n:" + Digests.sha256Hex(rotatedToken, "")), "unavailable is never remembered");
        assertFalse(redis.key().exists(prefix + "n:" + Digests.sha256Hex(garbage, "")), "unavailable is never remembered");

        TestClock.INSTANCE.advance(Duration.ofSeconds(31));
        // Redis expires the cluster-wide marker in real time; the test clock only moved this replica's.
        redis.key().del(prefix + "jwks:fruitless:" + tenant.providerId());
        introspect(rotatedToken).then().statusCode(200).body("active", equalTo(true));
        verify(rotatedToken).then().statusCode(200).body("valid", equalTo(true));
    }

    // --- an IdP outage is no verdict on a token: verify answers 503, never the 401 that signs users out

    /** verify's answer while the provider's keys cannot be had: 503 with Retry-After, in the guide's shape, no challenge. */
    private static void assertKeysUnavailable(Response r) {
        r.then().statusCode(503)
                .header("Retry-After", notNullValue())
                .header("WWW-Authenticate", nullValue())
                .body("valid", equalTo(false))
                .body("error", equalTo("temporarily_unavailable"))
                .body("error_description", equalTo("identity provider keys unavailable"));
    }

    @Test
    void verifyAnswers503NotInvalidTokenWhenTheProvidersKeysAreUnavailable() {
        Tenant tenant = Platform.tenant("jwks-availability");
        TestIdp idp = tenant.idp();
        IdpServer.get().answer(idp.jwksPath, IdpServer.Answer.of(500, "application/json", "{\"error\":\"down\"}"));
        jwksCache.forget(UUID.fromString(tenant.providerId())).await().indefinitely();

        String token = idp.token();
        assertKeysUnavailable(verify(token));
        assertFalse(redis.key().exists(prefix + "n:" + Digests.sha256Hex(token, "")), "unavailable is never remembered");
    }
}
