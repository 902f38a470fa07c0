package studio.ainative.identity.client;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.RedisAPI;
import io.vertx.mutiny.redis.client.RedisConnection;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.Redis;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
    /** Commands of one turn sent in one batch at the most; more start another. */
    static final int MAX_PIPELINE = 128;

    private final Redis client;
    private final Vertx vertx;
    private final Clock clock;
    private final Settings settings;
    private final AtomicLong downUntilMillis = new AtomicLong();
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private final Map<String, String> scriptDigests = new ConcurrentHashMap<>();
    /** The commands queued on this thread's event loop in its current turn ({@link #pipelined}); null when none. */
    private final ThreadLocal<List<Queued>> pipeline = new ThreadLocal<>();
    private final Counter errors;
    private final Counter skippedDown;
    private final Counter skippedBusy;
    private final DistributionSummary pipelineCommands;

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
        this.pipelineCommands = DistributionSummary.builder("identity.redis.pipeline.commands")
                .description("commands sent to Redis in one write by the pipeline of an event loop's turn").register(metrics);
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
        return api.evalsha(evalArgs(sha(script), keys, args))
                .onFailure(e -> e.getMessage() != null && e.getMessage().startsWith("NOSCRIPT"))
                .recoverWithUni(() -> api.eval(evalArgs(script, keys, args)));
    }

    private String sha(String script) {
        return scriptDigests.computeIfAbsent(script, RedisGate::sha1Hex);
    }

    private static String sha1Hex(String script) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(script.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> evalArgs(String scriptOrSha, List<String> keys, List<String> args) {
        List<String> all = new ArrayList<>(2 + keys.size() + args.size());
        all.add(scriptOrSha);
        all.add(Integer.toString(keys.size()));
        all.addAll(keys);
        all.addAll(args);
        return all;
    }

    private Uni<Response> guarded(String operation, Function<RedisAPI, Uni<Response>> command) {
        return connected(operation, connection -> command.apply(RedisAPI.api(connection)));
    }

    private <T> Uni<T> connected(String operation, Function<RedisConnection, Uni<T>> command) {
        return Uni.createFrom().emitter(emitter -> new Attempt<>(operation, command, emitter).start());
    }

    /**
     * A best-effort command (as {@link #attempt}) sent to Redis together with the others issued on this event loop in
     * the same turn of it: one pooled connection, one write and one read for all of them, instead of one of each per
     * command on a connection each. Redis then reads them in one system call and answers in one, which is most of
     * what a small command costs it. The commands of a turn are those of the requests the loop read from its sockets
     * at one wake-up; they are sent when the loop runs its tasks after those reads, so no command waits for a later
     * one. Off an event loop (a worker thread, a test), a command is sent alone at once.
     */
    public Uni<Optional<Response>> pipelined(String operation, Request request) {
        return queue(operation, request, null);
    }

    /** {@link #eval} in the pipeline of this event loop's turn ({@link #pipelined}). */
    public Uni<Optional<Response>> evalPipelined(String operation, String script, List<String> keys, List<String> args) {
        Request request = Request.cmd(Command.EVALSHA);
        evalArgs(sha(script), keys, args).forEach(request::arg);
        return queue(operation, request, script);
    }

    private Uni<Optional<Response>> queue(String operation, Request request, String script) {
        if (!available()) {
            skippedDown.increment();
            return Uni.createFrom().item(Optional.empty());
        }
        return Uni.createFrom().<Optional<Response>>emitter(emitter -> {
            Queued command = new Queued(operation, request, script, emitter);
            Context context = Vertx.currentContext();
            if (context == null || !context.isEventLoopContext()) {
                send(List.of(command));
                return;
            }
            List<Queued> turn = pipeline.get();
            if (turn == null) {
                turn = new ArrayList<>();
                pipeline.set(turn);
                context.runOnContext(ignored -> flush());
            }
            turn.add(command);
            if (turn.size() >= MAX_PIPELINE) {
                flush();
            }
        });
    }

    /** Sends what this event loop has queued, if anything (a full pipeline went already). */
    private void flush() {
        List<Queued> turn = pipeline.get();
        if (turn != null) {
            pipeline.remove();
            send(turn);
        }
    }

    /**
     * One connection and one write for the commands. A {@code NOSCRIPT} reply (Redis restarted or flushed its scripts)
     * loads the batch's scripts and sends it again; any other failure leaves every command of it unanswered, as one
     * failed command would.
     */
    private void send(List<Queued> commands) {
        List<Request> requests = new ArrayList<>(commands.size());
        for (Queued command : commands) {
            requests.add(command.request());
        }
        pipelineCommands.record(commands.size());
        connected(commands.size() == 1 ? commands.get(0).operation() : "pipeline", connection -> connection.batch(requests)
                .onFailure(e -> e.getMessage() != null && e.getMessage().contains("NOSCRIPT"))
                .recoverWithUni(() -> loadScripts(connection, commands).chain(() -> connection.batch(requests))))
                .subscribe().with(responses -> {
                    for (int i = 0; i < commands.size(); i++) {
                        commands.get(i).emitter().complete(Optional.ofNullable(responses.get(i)));
                    }
                }, failure -> {
                    for (Queued command : commands) {
                        command.emitter().complete(Optional.empty());
                    }
                });
    }

    private static Uni<Void> loadScripts(RedisConnection connection, List<Queued> commands) {
        List<Request> loads = commands.stream().map(Queued::script).filter(Objects::nonNull).distinct()
                .map(script -> Request.cmd(Command.SCRIPT).arg("LOAD").arg(script)).toList();
        return loads.isEmpty() ? Uni.createFrom().voidItem() : connection.batch(loads).replaceWithVoid();
    }

    /** A command waiting for its event loop's turn to end; {@code script} is the text behind an EVALSHA, else null. */
    private record Queued(String operation, Request request, String script, UniEmitter<? super Optional<Response>> emitter) {
    }

    /**
     * One command: a pooled connection, then the command, under one timer of the event loop that runs it, so no
     * thread of another pool is woken per command. Exactly one of "answered", "failed", "timed out" and "given up"
     * happens. Timing out while waiting for a connection is {@link PoolBusyException}; a connection that comes after
     * giving up goes straight back, and a connect failure that comes after it still counts. Timing out while the
     * command runs is {@link RedisUnavailableException}, and its connection goes back at once.
     */
    private final class Attempt<T> {

        private static final int ACQUIRING = 0;
        private static final int RUNNING = 1;
        private static final int SETTLED = 2;

        private final String operation;
        private final Function<RedisConnection, Uni<T>> command;
        private final UniEmitter<? super T> emitter;
        private final AtomicInteger state = new AtomicInteger(ACQUIRING);
        private final AtomicBoolean released = new AtomicBoolean();
        private volatile io.vertx.redis.client.RedisConnection connection;
        private volatile long timer;

        Attempt(String operation, Function<RedisConnection, Uni<T>> command, UniEmitter<? super T> emitter) {
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
                command.apply(RedisConnection.newInstance(connection)).subscribe().with(response -> {
                    release();
                    if (settle(RUNNING)) {
                        succeeded();
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

    private void succeeded() {
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
