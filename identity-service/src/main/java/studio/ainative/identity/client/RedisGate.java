package studio.ainative.identity.client;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Vertx;
import io.vertx.mutiny.redis.client.RedisAPI;
import io.vertx.mutiny.redis.client.RedisConnection;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.Redis;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.jboss.logging.Logger;
import studio.ainative.identity.config.IdentityConfig;

/**
 * Every Redis command goes through here, and here is decided whether Redis is in use.
 *
 * <p>A command first takes a pooled connection, then runs; the timeout bounds both together, on one
 * timer of the calling event loop. Running out of time while waiting for a connection is congestion
 * in this process, not a Redis failure: the one request goes on without Redis and nothing else
 * changes. A connection that arrives after its request gave up goes straight back to the pool.
 *
 * <p>A failed command (no reply in time, an error reply, a connection that cannot be opened) counts.
 * {@code failure-threshold} of them in a row take Redis out of use for {@code retry-after}: callers
 * then skip it at once (no waiting on a dead socket) and the service keeps answering from local
 * verification. The first command after the window probes Redis again, so recovery needs nobody;
 * if that probe fails too, the window starts again. One stray timeout under load (a GC pause, a
 * saturated event loop) therefore costs one request its Redis round trip, not the whole replica
 * a second of local verification.
 */
@ApplicationScoped
public class RedisGate {

    private static final Logger LOG = Logger.getLogger(RedisGate.class);

    private final Redis client;
    private final Vertx vertx;
    private final Clock clock;
    private final Settings settings;
    private final AtomicLong downUntilMillis = new AtomicLong();
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private final Map<String, String> scriptDigests = new ConcurrentHashMap<>();
    private final Counter errors;
    private final Counter skippedDown;
    private final Counter skippedBusy;

    /** What the gate needs of {@code identity.redis.*}. */
    public record Settings(Duration timeout, int failureThreshold, Duration retryAfter, String keyPrefix) {
        public Settings {
            if (timeout.isNegative() || timeout.isZero() || failureThreshold < 1 || retryAfter.isNegative()) {
                throw new IllegalArgumentException("identity.redis: timeout > 0, failure-threshold >= 1, retry-after >= 0");
            }
        }

        static Settings of(IdentityConfig.Redis config) {
            return new Settings(config.timeout(), config.failureThreshold(), config.retryAfter(), config.keyPrefix());
        }
    }

    @Inject
    public RedisGate(Redis client, Vertx vertx, Clock clock, MeterRegistry metrics, IdentityConfig config) {
        this(client, vertx, clock, metrics, Settings.of(config.redis()));
    }

    public RedisGate(Redis client, Vertx vertx, Clock clock, MeterRegistry metrics, Settings settings) {
        this.client = client;
        this.vertx = vertx;
        this.clock = clock;
        this.settings = settings;
        this.errors = metrics.counter("identity.redis.errors");
        this.skippedDown = metrics.counter("identity.redis.skipped", "reason", "down");
        this.skippedBusy = metrics.counter("identity.redis.skipped", "reason", "pool_busy");
        metrics.gauge("identity.redis.up", downUntilMillis, d -> d.get() <= clock.millis() ? 1 : 0);
    }

    public String key(String... parts) {
        return settings.keyPrefix() + String.join(":", parts);
    }

    /** True unless Redis has been taken out of use and the window has not passed. */
    public boolean available() {
        return downUntilMillis.get() <= clock.millis();
    }

    /** Best effort: empty when Redis is out of use, slow, failing or congested; never a failure. */
    public Uni<Optional<Response>> attempt(String operation, Function<RedisAPI, Uni<Response>> command) {
        if (!available()) {
            skippedDown.increment();
            return Uni.createFrom().item(Optional.empty());
        }
        return guarded(operation, command).map(Optional::ofNullable)
                .onFailure().recoverWithItem(Optional.empty());
    }

    /** For operations that must not silently skip Redis (revocation): fails with {@link RedisUnavailableException}. */
    public Uni<Response> require(String operation, Function<RedisAPI, Uni<Response>> command) {
        if (!available()) {
            skippedDown.increment();
            return Uni.createFrom().failure(new RedisUnavailableException());
        }
        return guarded(operation, command).onFailure().transform(e -> new RedisUnavailableException());
    }

    public Uni<Optional<Response>> eval(String operation, String script, List<String> keys, List<String> args) {
        return attempt(operation, api -> script(api, script, keys, args));
    }

    public Uni<Response> evalRequired(String operation, String script, List<String> keys, List<String> args) {
        return require(operation, api -> script(api, script, keys, args));
    }

    /** EVALSHA, so the script's text crosses the wire only when Redis does not have it yet (NOSCRIPT → EVAL). */
    private Uni<Response> script(RedisAPI api, String script, List<String> keys, List<String> args) {
        String sha = scriptDigests.computeIfAbsent(script, RedisGate::sha1Hex);
        return api.evalsha(evalArgs(sha, keys, args))
                .onFailure(e -> e.getMessage() != null && e.getMessage().startsWith("NOSCRIPT"))
                .recoverWithUni(() -> api.eval(evalArgs(script, keys, args)));
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

    private Uni<Response> guarded(String operation, Function<RedisAPI, Uni<Response>> command) {
        return Uni.createFrom().emitter(emitter -> new Attempt(operation, command, emitter).start());
    }

    /**
     * One command: a pooled connection, then the command, under one timer of the event loop that runs it, so no
     * thread of another pool is woken per command. Exactly one of "answered", "failed", "timed out" and "given up"
     * happens. Timing out while waiting for a connection is {@link PoolBusyException}; a connection that comes after
     * giving up goes straight back, and a connect failure that comes after it still counts. Timing out while the
     * command runs is {@link RedisUnavailableException}, and its connection goes back at once.
     */
    private final class Attempt {

        private static final int ACQUIRING = 0;
        private static final int RUNNING = 1;
        private static final int SETTLED = 2;

        private final String operation;
        private final Function<RedisAPI, Uni<Response>> command;
        private final UniEmitter<? super Response> emitter;
        private final AtomicInteger state = new AtomicInteger(ACQUIRING);
        private final AtomicBoolean released = new AtomicBoolean();
        private volatile io.vertx.redis.client.RedisConnection connection;
        private volatile long timer;

        Attempt(String operation, Function<RedisAPI, Uni<Response>> command, UniEmitter<? super Response> emitter) {
            this.operation = operation;
            this.command = command;
            this.emitter = emitter;
        }

        void start() {
            timer = vertx.setTimer(settings.timeout().toMillis(), id -> expire());
            emitter.onTermination(() -> {
                if (state.getAndSet(SETTLED) != SETTLED) { // cancelled by the subscriber
                    vertx.cancelTimer(timer);
                    release();
                }
            });
            client.connect().onComplete(result -> {
                if (result.failed()) {
                    boolean mine = settle(ACQUIRING);
                    failed(operation, result.cause()); // counted before the caller hears of it, and also after giving up
                    if (mine) {
                        emitter.fail(result.cause());
                    }
                    return;
                }
                connection = result.result();
                if (!state.compareAndSet(ACQUIRING, RUNNING)) {
                    release();
                    return;
                }
                command.apply(RedisAPI.api(RedisConnection.newInstance(connection))).subscribe().with(response -> {
                    release();
                    if (settle(RUNNING)) {
                        succeeded(response);
                        emitter.complete(response);
                    }
                }, failure -> {
                    release();
                    if (settle(RUNNING)) {
                        failed(operation, failure);
                        emitter.fail(failure);
                    }
                });
            });
        }

        private void expire() {
            if (state.compareAndSet(ACQUIRING, SETTLED)) {
                skippedBusy.increment();
                emitter.fail(new PoolBusyException());
            } else if (state.compareAndSet(RUNNING, SETTLED)) {
                release();
                RedisUnavailableException timedOut = new RedisUnavailableException();
                failed(operation, timedOut);
                emitter.fail(timedOut);
            }
        }

        private boolean settle(int from) {
            if (state.compareAndSet(from, SETTLED)) {
                vertx.cancelTimer(timer);
                return true;
            }
            return false;
        }

        /** Back to the pool, once, whoever comes first: the answer, the timeout or a cancellation. */
        private void release() {
            io.vertx.redis.client.RedisConnection held = connection;
            if (held != null && released.compareAndSet(false, true)) {
                held.close();
            }
        }
    }

    private void succeeded(Response ignored) {
        if (consecutiveFailures.get() != 0) {
            consecutiveFailures.set(0);
        }
    }

    private void failed(String operation, Throwable e) {
        if (e instanceof PoolBusyException) {
            return;
        }
        errors.increment();
        if (consecutiveFailures.incrementAndGet() < settings.failureThreshold()) {
            return;
        }
        long until = clock.millis() + settings.retryAfter().toMillis();
        long previous = downUntilMillis.getAndSet(until);
        if (previous <= clock.millis()) {
            LOG.warnf("Redis unavailable (%s: %s, %d failures in a row); verifying locally for the next %s", operation,
                    e.getClass().getSimpleName(), consecutiveFailures.get(), settings.retryAfter());
        }
    }

    /** Redis was needed and could not be used. */
    public static final class RedisUnavailableException extends RuntimeException {
        public RedisUnavailableException() {
            super("redis unavailable", null, false, false);
        }
    }

    /** Every pooled connection stayed busy for the whole timeout. */
    static final class PoolBusyException extends RuntimeException {
        PoolBusyException() {
            super("redis pool busy", null, false, false);
        }
    }
}
