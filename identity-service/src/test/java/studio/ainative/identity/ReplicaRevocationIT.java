package studio.ainative.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.UUID;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import studio.ainative.platform.testing.IdpServer;
import studio.ainative.identity.fixtures.Replica;
import studio.ainative.platform.testing.IdentityProcess;
import studio.ainative.platform.testing.ServiceProcess;
import studio.ainative.platform.testing.Tenant;
import studio.ainative.platform.testing.TestIdp;

/**
 * Two identity-service replicas (the packaged application, two processes) sharing one Redis and
 * one database: a revocation or provider change on one holds on the other at its very next call,
 * and the replicas share JWKS fetches instead of multiplying IdP traffic.
 */
class ReplicaRevocationIT {

    private static ServiceProcess redis;
    private static IdentityProcess first;
    private static IdentityProcess second;
    private static Replica a;
    private static Replica b;

    @BeforeAll
    static void startTwoReplicas() throws Exception {
        int redisPort = ServiceProcess.freePort();
        redis = ServiceProcess.redis(redisPort);
        Map<String, String> env = Map.of("IDENTITY_REDIS_URL", "redis://127.0.0.1:" + redisPort);
        first = new IdentityProcess(Replica.SERVICE, Replica.SERVICE_SECRET, env);
        second = new IdentityProcess(Replica.SERVICE, Replica.SERVICE_SECRET, env);
        first.start();
        second.start();
        a = Replica.on(first.port());
        b = Replica.on(second.port());
    }

    @AfterAll
    static void stopAll() {
        for (IdentityProcess p : new IdentityProcess[] {second, first}) {
            if (p != null) {
                p.stop();
            }
        }
        if (redis != null) {
            redis.stop();
        }
    }

    @Test
    void tokenRevokedOnOneReplicaIsRejectedByTheOtherAtItsNextCall() {
        TestIdp idp = registeredOnA();
        String token = idp.token();
        assertTrue(a.active(token));
        assertTrue(b.active(token)); // b now holds it in its in-process cache too

        a.revokeOwn(token, null).then().statusCode(200);
        assertFalse(b.active(token));
        assertFalse(a.active(token));
        b.request().header("Authorization", "Bearer " + token).get("/api/v1/auth/verify").then().statusCode(401);
    }

    @Test
    void sessionAndUserRevocationsHoldAcrossReplicas() {
        TestIdp idp = registeredOnA();
        JwtClaims claims = idp.claims("a@example.com");
        String token = idp.sign(claims);
        assertTrue(b.active(token));
        String sessionId = b.introspect(token).path("session_id");

        a.revokeWithKey(tenant().apiKey(), "{\"session_id\":\"" + sessionId + "\"}").then().statusCode(200);
        assertFalse(b.active(token));

        String other = idp.token();
        String user = b.introspect(other).path("user_id");
        assertTrue(a.active(other));
        b.revokeWithKey(tenant().apiKey(), "{\"user_id\":\"" + user + "\"}").then().statusCode(200);
        assertFalse(a.active(other));
    }

    @Test
    void deletingAProviderOnOneReplicaRejectsItsTokensOnTheOther() {
        Tenant onA = tenant().withAnotherProvider();
        String token = onA.idp().token();
        assertTrue(b.active(token));
        a.request().header("Authorization", "Bearer " + onA.apiKey()).delete("/api/v1/auth/providers/" + onA.providerId())
                .then().statusCode(204);
        assertFalse(b.active(token));
    }

    @Test
    void aProviderRegisteredOnOneReplicaIsAcceptedByTheOtherAtOnce() {
        TestIdp idp = TestIdp.create();
        Tenant onA = tenant(); // the project exists before b is asked
        assertFalse(b.active(idp.token())); // b's issuer set does not hold it yet
        onA.withProvider(idp);
        assertTrue(b.active(idp.token()), "b learns the issuer from a's invalidation event");
    }

    @Test
    void replicasShareOneJwksFetch() {
        TestIdp idp = registeredOnA(); // fetch 1: registration on a, shared through Redis
        assertTrue(b.active(idp.token()));
        assertTrue(a.active(idp.token()));
        assertEquals(1, IdpServer.get().hits(idp.jwksPath), "b must reuse a's fetch");
    }

    @Test
    void unknownKidFloodAcrossReplicasCostsAtMostTwoFetches() {
        TestIdp idp = registeredOnA();
        for (int i = 0; i < 20; i++) {
            String token = TestIdp.sign(idp.claims("a@example.com"), idp.signingKey, "RS256", Map.of("kid", "k-" + UUID.randomUUID()));
            io.restassured.response.Response answer = (i % 2 == 0 ? a : b).introspect(token);
            // Inactive after a refetch that did not find the kid; once the cluster-wide refetch budget is
            // spent, 503 (the kid may belong to a key rotated in meanwhile): never active, never cached.
            if (answer.statusCode() == 200) {
                assertFalse(answer.jsonPath().getBoolean("active"));
            } else {
                assertEquals(503, answer.statusCode());
                assertEquals("temporarily_unavailable", answer.jsonPath().getString("code"));
            }
        }
        assertTrue(IdpServer.get().hits(idp.jwksPath) <= 2, "fetches: " + IdpServer.get().hits(idp.jwksPath));
    }

    /** One project for the class, created on replica a: its providers are registered there. */
    private static Tenant tenant;

    private static synchronized Tenant tenant() {
        if (tenant == null) {
            tenant = Tenant.create(first.admin(), "replicas");
        }
        return tenant;
    }

    private static TestIdp registeredOnA() {
        return tenant().withAnotherProvider().idp();
    }
}
