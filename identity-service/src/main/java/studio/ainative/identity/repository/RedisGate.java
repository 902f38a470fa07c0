package studio.ainative.identity.repository;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.RedisAPI;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import studio.ainative.identity.config.IdentityConfig;

/**
 * Every Redis command goes through here. A command that fails or exceeds the timeout marks Redis as
 * down for {@code identity.redis.retry-after}; meanwhile callers skip Redis at once (no waiting on a
 * dead socket) and the service keeps answering from local verification. The first command after the
 * window probes Redis again, so recovery needs nobody.
 */
@ApplicationScoped
public class RedisGate {

    private static final Logger LOG = Logger.getLogger(RedisGate.class);

    private final RedisAPI redis;
    private final Clock clock;
    private final Duration timeout;
    private final Duration retryAfter;
    private final String prefix;
    private final AtomicLong downUntilMillis = new AtomicLong();
    private final Map<String, String> scriptDigests = new ConcurrentHashMap<>();
    private final Counter errors;
    private final Counter skipped;

    public RedisGate(RedisAPI redis, Clock clock, MeterRegistry metrics, IdentityConfig config) {
        this.redis = redis;
        this.clock = clock;
        this.timeout = config.redis().timeout();
        this.retryAfter = config.redis().retryAfter();
        this.prefix = config.redis().keyPrefix();
        this.errors = metrics.counter("identity_redis_errors_total");
        this.skipped = metrics.counter("identity_redis_skipped_total");
        metrics.gauge("identity_redis_up", downUntilMillis, d -> d.get() <= clock.millis() ? 1 : 0);
    }

    public String key(String... parts) {
        return prefix + String.join(":", parts);
    }

    public RedisAPI api() {
        return redis;
    }

    /** True unless a recent command failed. */
    public boolean available() {
        return downUntilMillis.get() <= clock.millis();
    }

    /** Best effort: empty when Redis is down, slow or failing; never a failure. */
    public Uni<Optional<Response>> attempt(String operation, Supplier<Uni<Response>> command) {
        if (!available()) {
            skipped.increment();
            return Uni.createFrom().item(Optional.empty());
        }
        return guarded(operation, command).map(Optional::ofNullable)
                .onFailure().recoverWithItem(Optional.empty());
    }

    /** For operations that must not silently skip Redis (revocation): fails with {@link RedisUnavailableException}. */
    public Uni<Response> require(String operation, Supplier<Uni<Response>> command) {
        if (!available()) {
            skipped.increment();
            return Uni.createFrom().failure(new RedisUnavailableException());
        }
        return guarded(operation, command).onFailure().transform(e -> new RedisUnavailableException());
    }

    public Uni<Optional<Response>> eval(String operation, String script, List<String> keys, List<String> args) {
        return attempt(operation, () -> script(script, keys, args));
    }

    public Uni<Response> evalRequired(String operation, String script, List<String> keys, List<String> args) {
        return require(operation, () -> script(script, keys, args));
    }

    /** EVALSHA, so the script's text crosses the wire only when Redis does not have it yet (NOSCRIPT → EVAL). */
    private Uni<Response> script(String script, List<String> keys, List<String> args) {
        String sha = scriptDigests.computeIfAbsent(script, RedisGate::sha1Hex);
        return redis.evalsha(evalArgs(sha, keys, args))
                .onFailure(e -> e.getMessage() != null && e.getMessage().startsWith("NOSCRIPT"))
                .recoverWithUni(() -> redis.eval(evalArgs(script, keys, args)));
    }

    private static String sha1Hex(String script) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(script.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> evalArgs(String scriptOrSha, List<String> keys, List<String> args) {
        List<String> all = new java.util.ArrayList<>(2 + keys.size() + args.size());
        all.add(scriptOrSha);
        all.add(Integer.toString(keys.size()));
        all.addAll(keys);
        all.addAll(args);
        return all;
    }

    private Uni<Response> guarded(String operation, Supplier<Uni<Response>> command) {
        return Uni.createFrom().deferred(command::get)
                .ifNoItem().after(timeout).failWith(() -> new RedisUnavailableException())
                .onFailure().invoke(e -> markDown(operation, e));
    }

    private void markDown(String operation, Throwable e) {
        errors.increment();
        long until = clock.millis() + retryAfter.toMillis();
        long previous = downUntilMillis.getAndSet(until);
        if (previous <= clock.millis()) {
            LOG.warnf("Redis unavailable (%s: %s); verifying locally for the next %s", operation,
                    e.getClass().getSimpleName(), retryAfter);
        }
    }

    /** Redis was needed and could not be used. */
    public static final class RedisUnavailableException extends RuntimeException {
        public RedisUnavailableException() {
            super("redis unavailable", null, false, false);
        }
    }
}
