package studio.ainative.identity;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import studio.ainative.identity.fixtures.Replica;
import studio.ainative.platform.testing.IdentityProcess;
import studio.ainative.platform.testing.ServiceProcess;
import studio.ainative.platform.testing.Tenant;
import studio.ainative.platform.testing.TestIdp;

/** Redis stopped and restarted under a running identity-service: answers stay correct, and it recovers alone. */
class RedisOutageIT {

    private static int redisPort;
    private static ServiceProcess redis;
    private static IdentityProcess identity;
    private static Replica replica;

    @BeforeAll
    static void start() throws Exception {
        redisPort = ServiceProcess.freePort();
        redis = ServiceProcess.redis(redisPort);
        identity = new IdentityProcess(Replica.SERVICE, Replica.SERVICE_SECRET,
                Map.of("IDENTITY_REDIS_URL", "redis://127.0.0.1:" + redisPort));
        identity.start();
        replica = Replica.on(identity.port());
    }

    @AfterAll
    static void stop() {
        if (identity != null) {
            identity.stop();
        }
        if (redis != null) {
            redis.stop();
        }
    }

    @Test
    void keepsAnsweringCorrectlyWithoutRedisAndRecoversWhenItReturns() throws IOException, InterruptedException {
        TestIdp idp = Tenant.create(identity.admin(), "redis-outage").idp();
        String cached = idp.token();
        assertTrue(replica.active(cached));

        redis.stop();
        assertTrue(replica.active(cached), "a cached principal stays active");
        assertTrue(replica.active(idp.token()), "a new token is verified locally");
        assertFalse(replica.active("garbage"), "invalid stays invalid");
        replica.revokeOwn(idp.token(), null).then().statusCode(503).body("code", equalTo("revocation_unavailable"));
        assertTrue(counter(replica.metrics(), "identity_redis_errors_total") >= 1, "the outage is counted");

        redis.restart(redisPort);
        String fresh = idp.token();
        long deadline = System.nanoTime() + 15_000_000_000L;
        int status = 0;
        while (System.nanoTime() < deadline) {
            assertTrue(replica.active(fresh));
            status = replica.revokeOwn(fresh, null).statusCode();
            if (status == 200) {
                break;
            }
            Thread.sleep(250);
        }
        assertTrue(status == 200, "revocation works again once Redis is back (last status " + status + ")");
        assertFalse(replica.active(fresh), "and it holds");
    }

    private static double counter(String metrics, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*\\})? ([0-9.eE+-]+)$").matcher(metrics);
        double total = 0;
        while (m.find()) {
            total += Double.parseDouble(m.group(1));
        }
        return total;
    }
}
