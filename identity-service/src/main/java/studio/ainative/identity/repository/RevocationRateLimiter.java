package studio.ainative.identity.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import studio.ainative.identity.client.RedisGate;
import studio.ainative.identity.config.IdentityConfig;

/**
 * Revocations per project, shared by every replica: a token bucket in Redis ({@code rl:revoke:<project>})
 * holding up to {@code identity.revocation.burst} revocations and refilled at
 * {@code identity.revocation.rate-limit} per minute. Each revocation is a broadcast that every replica
 * applies and a deny entry every replica mirrors, so one project cannot flood them all. Without
 * Redis revocation is refused anyway, so there is no local fallback.
 */
@ApplicationScoped
public class RevocationRateLimiter {

    /**
     * KEYS: bucket. ARGV: capacity, refill per minute, now (epoch millis). Takes one revocation and
     * returns 0, or takes none and returns the milliseconds until one is available. Time comes from the
     * caller; a replica whose clock lags the last writer's gets no refill until it catches up.
     */
    static final String TAKE_SCRIPT = """
            local capacity = tonumber(ARGV[1])
            local per_ms = tonumber(ARGV[2]) / 60000
            local now = tonumber(ARGV[3])
            local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
            local tokens = tonumber(state[1]) or capacity
            local at = tonumber(state[2]) or now
            if now > at then
              tokens = math.min(capacity, tokens + (now - at) * per_ms)
              at = now
            end
            if tokens < 1 then return math.ceil((1 - tokens) / per_ms) end
            redis.call('HSET', KEYS[1], 'tokens', tostring(tokens - 1), 'at', tostring(at))
            redis.call('PEXPIRE', KEYS[1], math.ceil(capacity / per_ms) + 1000)
            return 0
            """;

    private final RedisGate redis;
    private final Clock clock;
    private final int perMinute;
    private final int burst;

    public RevocationRateLimiter(RedisGate redis, Clock clock, IdentityConfig config) {
        this.redis = redis;
        this.clock = clock;
        this.perMinute = config.revocation().rateLimit();
        this.burst = config.revocation().burst();
        if (perMinute < 1 || burst < 1) {
            throw new IllegalArgumentException("identity.revocation.rate-limit and burst must be at least 1");
        }
    }

    /**
     * Takes one revocation of the project's budget: {@link Duration#ZERO} when taken, otherwise how long
     * until one is available. Fails with {@link RedisGate.RedisUnavailableException} without Redis.
     */
    public Uni<Duration> take(UUID projectId) {
        return redis.evalRequired("revoke-limit", TAKE_SCRIPT, List.of(redis.key("rl", "revoke", projectId.toString())),
                        List.of(Integer.toString(burst), Integer.toString(perMinute), Long.toString(clock.millis())))
                .map(Response::toLong)
                .map(Duration::ofMillis);
    }
}
