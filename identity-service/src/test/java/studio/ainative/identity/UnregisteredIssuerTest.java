package studio.ainative.identity;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import studio.ainative.identity.fixtures.IdpServerResource;
import studio.ainative.identity.fixtures.Platform;
import studio.ainative.identity.repository.InvalidationEvent;
import studio.ainative.identity.repository.ProviderRepository;
import studio.ainative.identity.service.IssuerRegistry;
import studio.ainative.platform.testing.TestClock;
import studio.ainative.platform.testing.Tenant;
import studio.ainative.platform.testing.TestIdp;

/**
 * Tokens naming an issuer no project registered are refused from the in-memory issuer set: no
 * Redis lookup, no database query, no entry in the provider directory's cache.
 */
@QuarkusTest
@QuarkusTestResource(IdpServerResource.class)
class UnregisteredIssuerTest {

    @Inject
    MeterRegistry meters;

    @Inject
    IssuerRegistry issuers;

    @Inject
    ProviderRepository providers;

    @Inject
    Pool pool;

    @Inject
    RedisDataSource redis;

    @ConfigProperty(name = "identity.redis.key-prefix")
    String prefix;

    private Tenant tenant;
    private TestIdp idp;

    @BeforeEach
    void provider() {
        TestClock.INSTANCE.release();
        tenant = Platform.tenant("unregistered-issuer");
        idp = tenant.idp();
        await(() -> issuers.certainlyUnregistered("https://probe.test/" + UUID.randomUUID()), "the issuer set is loaded");
    }

    @Test
    void tokensOfRandomUnregisteredIssuersCostNoRedisLookupAndNoDatabaseQuery() {
        double queried = lookups("queried");
        double cached = lookups("cached");
        double refused = lookups("not_registered");
        double redisLookups = redisLookups();
        int n = 50;
        for (int i = 0; i < n; i++) {
            JwtClaims claims = idp.claims("a@example.com");
            claims.setIssuer("https://random-" + UUID.randomUUID() + ".test/");
            String token = idp.sign(claims);
            if (i % 2 == 0) {
                Platform.verify(token).then().statusCode(401).body("error_description", equalTo("issuer not registered"));
            } else {
                Platform.introspect(token).then().statusCode(200).body("active", is(false));
            }
        }
        assertEquals(0, lookups("queried") - queried, "no provider query for an unregistered issuer");
        assertEquals(0, lookups("cached") - cached, "the directory's cache is not consulted");
        assertEquals(n, lookups("not_registered") - refused);
        assertEquals(0, redisLookups() - redisLookups, "no Redis lookup for an unregistered issuer");

        Platform.verify(idp.token()).then().statusCode(200).body("valid", is(true));
    }

    @Test
    void aProviderRegisteredAfterStartIsAcceptedAtOnceOnThisReplica() {
        TestIdp later = TestIdp.create();
        Platform.verify(later.token()).then().statusCode(401).body("error_description", equalTo("issuer not registered"));
        tenant.withProvider(later);
        Platform.verify(later.token()).then().statusCode(200).body("valid", is(true));
    }

    @Test
    void aProviderRegisteredOnAnotherReplicaIsAcceptedOnItsInvalidationEvent() throws InterruptedException {
        Thread.sleep(200); // the reload that @BeforeEach's registration started must not see the row below
        TestIdp elsewhere = TestIdp.create();
        UUID id = UUID.randomUUID();
        // What another replica does: the row, then the event on the channel (this replica's own
        // registration path is not involved).
        pool.withTransaction(tx -> providers.insert(tx, new Provider(id, tenant.projectId(), "custom", null,
                elsewhere.clientId, elsewhere.clientId, elsewhere.jwksUri(), elsewhere.issuer, Map.of("user_id", "sub"),
                List.of("RS256"), 60, null, null, null, null, Provider.qualifierFor(id), Map.of(), null)))
                .await().atMost(Duration.ofSeconds(5));
        Platform.verify(elsewhere.token()).then().statusCode(401).body("error_description", equalTo("issuer not registered"));

        redis.pubsub(String.class).publish(prefix + "events", InvalidationEvent.provider(id.toString(), elsewhere.issuer).encode());
        await(() -> Platform.verify(elsewhere.token()).statusCode() == 200, "accepted once the event arrived");
    }

    @Test
    void aDeletedProvidersIssuerIsRefusedWithoutAQueryAgain() {
        TestIdp gone = TestIdp.create();
        String id = tenant.withProvider(gone).providerId();
        io.restassured.RestAssured.given().header("Authorization", "Bearer " + tenant.apiKey())
                .delete("/api/v1/auth/providers/" + id).then().statusCode(204);
        await(() -> issuers.certainlyUnregistered(gone.issuer), "the reload after the change drops the issuer");
        double queried = lookups("queried");
        Platform.verify(gone.token()).then().statusCode(401).body("error_description", equalTo("issuer not registered"));
        assertEquals(0, lookups("queried") - queried);
    }

    @Test
    void aLostInvalidationChannelFallsBackToTheDirectoryUntilReloaded() {
        // The invalidation event of @BeforeEach's registration may still arrive after the loss below and reload
        // the set (as it should): then the channel is lost again, until one verification ran with the set forgotten.
        double answeredByQuery = 0;
        for (int attempt = 0; attempt < 5 && answeredByQuery == 0; attempt++) {
            issuers.forget();
            assertFalse(issuers.certainlyUnregistered("https://random-" + UUID.randomUUID() + ".test/"),
                    "events may have been missed: nothing is refused from the set");
            double queried = lookups("queried");
            JwtClaims claims = idp.claims("a@example.com");
            claims.setIssuer("https://random-" + UUID.randomUUID() + ".test/");
            Platform.verify(idp.sign(claims)).then().statusCode(401).body("error_description", equalTo("issuer not registered"));
            answeredByQuery = lookups("queried") - queried;
        }
        assertEquals(1, answeredByQuery, "answered by the directory's query, as before the set");

        issuers.reload();
        await(() -> issuers.certainlyUnregistered("https://random-" + UUID.randomUUID() + ".test/"), "reloaded");
        assertFalse(issuers.certainlyUnregistered(idp.issuer));
    }

    private double lookups(String result) {
        Counter c = meters.find("identity.provider.lookups").tag("result", result).counter();
        return c == null ? 0 : c.count();
    }

    private double redisLookups() {
        return meters.find("identity.cache.lookups").tag("cache", "redis").counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting: " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
