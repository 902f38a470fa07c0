package studio.ainative.chat.limits;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.RedisConnection;
import io.vertx.mutiny.redis.client.Request;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;
import studio.ainative.chat.config.ChatConfig;
import studio.ainative.chat.service.GroupCommit;

/**
 * Requests and tokens per minute for each caller (an end user, or an API key), counted in Redis so every
 * replica shares them: fixed one-minute windows, each admission one atomic Lua script (count the request,
 * read the tokens, refuse and uncount when over either limit). Tokens are known only once a completion
 * ends: they are added then, and a caller whose window is already over its tokens is refused.
 *
 * <p>Admission ahead of Redis ({@code admit-ahead}): every Redis reply tells this replica the caller's counts in the
 * window. While what it learned is at most {@link #AHEAD_FRESHNESS_MILLIS} old and, with the requests it has admitted
 * since, stays more than {@code ahead-headroom} of each limit below it, a request is admitted at once and counted in
 * Redis without waiting for the reply (which brings the counts up to date). Near a limit, for a caller this replica
 * has no recent counts of, and while Redis is failing, admission waits for Redis as above. On one replica the limits
 * stay exact; across replicas a caller overshoots only when the other replicas admitted more than the headroom of
 * its requests within the last second.
 *
 * <p>Redis unreachable or slower than {@code redis-timeout}: the request is admitted uncounted ("fail
 * open"), for at most {@code fail-open-for} since the first failure; past that each replica enforces the
 * same limits in its own memory until Redis answers again. Never a 5xx; every decision is counted in
 * {@code chat.ratelimit.decisions} by result and source.
 */
@ApplicationScoped
public class RateLimiter {

    private static final Logger LOG = Logger.getLogger(RateLimiter.class);
    private static final long WINDOW_MILLIS = 60_000;
    private static final int LOCAL_MAX_CALLERS = 100_000;
    /** Token additions waiting for their caller's previous one to reach Redis, in all. */
    private static final int MAX_WAITING_SPENDS = 100_000;
    /** How recent a caller's counts from Redis must be for a request to be admitted ahead of Redis. */
    public static final long AHEAD_FRESHNESS_MILLIS = 1000;
    /** Limits an admission ahead passes to the script: it always counts, never refuses. */
    private static final String UNLIMITED = Long.toString(Long.MAX_VALUE);

    static final String ADMIT = """
            local requests = redis.call('INCR', KEYS[1])
            if requests == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
            local tokens = tonumber(redis.call('GET', KEYS[2]) or '0')
            if requests > tonumber(ARGV[1]) or tokens >= tonumber(ARGV[2]) then
              redis.call('DECR', KEYS[1])
              return {0, requests - 1, tokens}
            end
            return {1, requests, tokens}
            """;
    static final String SPEND = """
            local tokens = redis.call('INCRBY', KEYS[1], ARGV[1])
            if tokens == tonumber(ARGV[1]) then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
            return tokens
            """;

    private final ReactiveRedisDataSource redis;
    private final ChatConfig.Limits limits;
    private final Clock clock;
    private final MeterRegistry registry;
    private final String admitSha = sha1(ADMIT);
    private final String spendSha = sha1(SPEND);
    private final AtomicLong failingSince = new AtomicLong();
    private final Map<String, long[]> local = new ConcurrentHashMap<>();
    /** Each event loop's Redis connection (see {@link #send}). */
    private final Map<Thread, Uni<RedisConnection>> connections = new ConcurrentHashMap<>();
    /** The decision counters by result and source, looked up here rather than in the registry per request. */
    private final Map<String, io.micrometer.core.instrument.Counter> decisions = new ConcurrentHashMap<>();
    /** What each caller's last Redis reply said, and this replica's admissions since (see {@link Known}). */
    private final Map<String, Known> known = new ConcurrentHashMap<>();
    private final long aheadRequestHeadroom;
    private final long aheadTokenHeadroom;
    private final GroupCommit<String, Long> spends = new GroupCommit<>(MAX_WAITING_SPENDS, Duration.ZERO, this::addTokens, this::spendFailed);
    private long localWindow;

    public RateLimiter(ReactiveRedisDataSource redis, ChatConfig config, Clock clock, MeterRegistry registry) {
        this.redis = redis;
        this.limits = config.limits();
        this.clock = clock;
        this.registry = registry;
        double headroom = limits.aheadHeadroom();
        if (!(headroom >= 0 && headroom <= 1)) {
            throw new IllegalStateException("chat.limits.ahead-headroom must be between 0 and 1, not " + headroom);
        }
        this.aheadRequestHeadroom = Math.max(1, (long) Math.ceil(limits.requestsPerMinute() * headroom));
        this.aheadTokenHeadroom = Math.max(1, (long) Math.ceil(limits.tokensPerMinute() * headroom));
    }

    /**
     * A caller's counts in one window as this replica last learned them from Redis ({@code requests}, {@code tokens},
     * at {@code learnedAt}), and its admissions ahead whose count Redis has not confirmed yet ({@code ahead}).
     * Guarded by itself.
     */
    private static final class Known {
        final long window;
        long requests;
        long tokens;
        long learnedAt;
        int ahead;

        Known(long window) {
            this.window = window;
        }
    }

    /** Admits or refuses one request of {@code caller} (project-qualified, see {@link #callerKey}). */
    public Uni<RateDecision> admit(String caller) {
        long now = clock.millis();
        long window = now / WINDOW_MILLIS;
        long reset = (window + 1) * WINDOW_MILLIS - now;
        String base = limits.keyPrefix() + "rl:{" + caller + "}:" + window;
        RateDecision ahead = ahead(caller, window, now, reset);
        if (ahead != null) {
            // Counted, never refused: the reply only brings this replica's view of the caller up to date.
            admitScript(base, UNLIMITED, UNLIMITED).subscribe().with(
                    reply -> confirmed(caller, window, reply),
                    failure -> {
                        confirmed(caller, window, null);
                        unavailable(failure, caller, window, reset);
                    });
            return Uni.createFrom().item(count(ahead));
        }
        return admitScript(base, Long.toString(limits.requestsPerMinute()), Long.toString(limits.tokensPerMinute()))
                .map(reply -> {
                    healthy();
                    boolean allowed = reply.get(0).toLong() == 1;
                    learn(caller, window, reply.get(1).toLong(), reply.get(2).toLong());
                    return count(new RateDecision(allowed, "redis", limits.requestsPerMinute(), reply.get(1).toLong(),
                            limits.tokensPerMinute(), reply.get(2).toLong(), reset));
                })
                .onFailure().recoverWithItem(failure -> count(unavailable(failure, caller, window, reset)));
    }

    /** The admission script on the window's counters ({@code base}), refusing past the given limits. */
    private Uni<Response> admitScript(String base, String requestLimit, String tokenLimit) {
        return script(admitSha, ADMIT, base + ":r", base + ":t", requestLimit, tokenLimit, Long.toString(2 * WINDOW_MILLIS));
    }

    /** The decision to admit ahead of Redis, or null when this admission must wait for Redis (see the class). */
    private RateDecision ahead(String caller, long window, long now, long reset) {
        if (!limits.admitAhead() || failingSince.get() != 0) {
            return null;
        }
        Known counts = known.get(caller);
        if (counts == null || counts.window != window) {
            return null;
        }
        synchronized (counts) {
            long requests = counts.requests + counts.ahead + 1;
            if (now - counts.learnedAt > AHEAD_FRESHNESS_MILLIS || requests > limits.requestsPerMinute() - aheadRequestHeadroom
                    || counts.tokens >= limits.tokensPerMinute() - aheadTokenHeadroom) {
                return null;
            }
            counts.ahead++;
            return new RateDecision(true, "ahead", limits.requestsPerMinute(), requests, limits.tokensPerMinute(), counts.tokens, reset);
        }
    }

    /** An admission ahead's count reached Redis ({@code reply}), or failed to (null). */
    private void confirmed(String caller, long window, Response reply) {
        Known counts = known.get(caller);
        if (counts != null && counts.window == window) {
            synchronized (counts) {
                counts.ahead = Math.max(0, counts.ahead - 1);
            }
        }
        if (reply != null) {
            healthy();
            learn(caller, window, reply.get(1).toLong(), reply.get(2).toLong());
        }
    }

    /** Redis's counts of the caller's window, as of now. Replies may arrive out of order: counts only grow. */
    private void learn(String caller, long window, long requests, long tokens) {
        if (!limits.admitAhead()) {
            return;
        }
        if (known.size() > LOCAL_MAX_CALLERS) {
            known.clear();
        }
        Known counts = known.compute(caller, (key, previous) -> previous == null || previous.window != window ? new Known(window) : previous);
        synchronized (counts) {
            counts.requests = Math.max(counts.requests, requests);
            counts.tokens = Math.max(counts.tokens, tokens);
            counts.learnedAt = clock.millis();
        }
    }

    /**
     * Adds a finished completion's tokens to its caller's current window: at once, or summed with the caller's other
     * completions that end while its last addition is still on its way to Redis ({@link GroupCommit}), so a busy
     * caller costs Redis about one round trip per request (the admission) rather than two.
     */
    public void spend(String caller, long tokens) {
        if (tokens <= 0) {
            return;
        }
        long window = clock.millis() / WINDOW_MILLIS;
        if (failingSince.get() != 0) {
            synchronized (this) {
                localWindow(caller, window)[1] += tokens;
            }
        }
        Known counts = known.get(caller);
        if (counts != null && counts.window == window) {
            synchronized (counts) {
                counts.tokens += tokens;
            }
        }
        spends.submit(limits.keyPrefix() + "rl:{" + caller + "}:" + window + ":t", tokens);
    }

    private Uni<Void> addTokens(String key, List<Long> spent) {
        long tokens = spent.stream().mapToLong(Long::longValue).sum();
        return script(spendSha, SPEND, key, null, Long.toString(tokens), Long.toString(2 * WINDOW_MILLIS), null)
                .invoke(this::healthy)
                .onFailure().invoke(this::spendFailed)
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** Tokens that did not reach Redis: it failed, or too many additions were waiting for it. */
    private void spendFailed() {
        registry.counter("chat.ratelimit.redis.errors", "op", "spend").increment();
    }

    /** The counting key of a caller: its project and either the end user's owner id or the API key's id. */
    public static String callerKey(java.util.UUID projectId, boolean apiKey, String id) {
        return projectId + ":" + (apiKey ? "k:" : "u:") + id;
    }

    private Uni<Response> script(String sha, String source, String key1, String key2, String arg1, String arg2, String arg3) {
        String[] keysAndArgs = key2 == null ? new String[] {"1", key1, arg1, arg2} : new String[] {"2", key1, key2, arg1, arg2, arg3};
        return send(command(Command.EVALSHA, sha, keysAndArgs))
                .onFailure(failure -> failure.getMessage() != null && failure.getMessage().startsWith("NOSCRIPT"))
                .recoverWithUni(() -> send(command(Command.EVAL, source, keysAndArgs)))
                .ifNoItem().after(limits.redisTimeout()).fail();
    }

    private static Request command(Command command, String first, String[] rest) {
        Request request = Request.cmd(command).arg(first);
        for (String arg : rest) {
            request.arg(arg);
        }
        return request;
    }

    /**
     * On an event loop, on that loop's own connection (taken from the client's pool once and kept; commands
     * pipelined on it): no pool acquisition per command, and no handing the reply from another loop. A
     * connection that fails or ends is dropped, and the loop's next command takes a new one.
     */
    private Uni<Response> send(Request request) {
        if (!io.vertx.core.Context.isOnEventLoopThread()) {
            return redis.getRedis().send(request);
        }
        Thread loop = Thread.currentThread();
        return connections.computeIfAbsent(loop, this::connect).chain(connection -> connection.send(request));
    }

    private Uni<RedisConnection> connect(Thread loop) {
        AtomicReference<Uni<RedisConnection>> self = new AtomicReference<>();
        Runnable forget = () -> connections.remove(loop, self.get());
        Uni<RedisConnection> connection = redis.getRedis().connect()
                .invoke(opened -> {
                    opened.exceptionHandler(failure -> {
                        forget.run();
                        opened.closeAndForget();
                    });
                    opened.endHandler(forget);
                })
                .onFailure().invoke(forget)
                .memoize().indefinitely();
        self.set(connection);
        return connection;
    }

    private void healthy() {
        if (failingSince.getAndSet(0) != 0) {
            LOG.info("Redis answers again: per-caller limits are shared again");
            local.clear();
        }
    }

    private RateDecision unavailable(Throwable failure, String caller, long window, long reset) {
        long now = clock.millis();
        registry.counter("chat.ratelimit.redis.errors", "op", "admit").increment();
        long since = failingSince.updateAndGet(previous -> previous == 0 ? now : previous);
        if (since == now) {
            LOG.warnf("Redis unavailable for limits (%s): admitting uncounted for up to %s", failure.toString(), limits.failOpenFor());
        }
        if (now - since < limits.failOpenFor().toMillis()) {
            return RateDecision.open();
        }
        synchronized (this) {
            long[] counts = localWindow(caller, window);
            boolean allowed = counts[0] < limits.requestsPerMinute() && counts[1] < limits.tokensPerMinute();
            if (allowed) {
                counts[0]++;
            }
            return new RateDecision(allowed, "local", limits.requestsPerMinute(), counts[0], limits.tokensPerMinute(), counts[1], reset);
        }
    }

    /** {requests, tokens} of a caller's current window on this replica; a new window starts all callers afresh. */
    private long[] localWindow(String caller, long window) {
        if (localWindow != window || local.size() > LOCAL_MAX_CALLERS) {
            local.clear();
            localWindow = window;
        }
        return local.computeIfAbsent(caller, key -> new long[2]);
    }

    private RateDecision count(RateDecision decision) {
        String result = decision.allowed() ? "allowed" : "limited";
        decisions.computeIfAbsent(result + '|' + decision.source(),
                key -> registry.counter("chat.ratelimit.decisions", "result", result, "source", decision.source())).increment();
        return decision;
    }

    private static String sha1(String script) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(script.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
