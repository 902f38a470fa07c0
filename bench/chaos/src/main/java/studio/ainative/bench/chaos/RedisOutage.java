package studio.ainative.bench.chaos;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Redis stopped (its process ended) for 20 s, then started again, empty. Claims: identity answers no 5xx beyond
 * the first second; verification goes on, a token never seen before included; chat's limits fail open; the
 * caches refill once Redis is back.
 */
final class RedisOutage implements Fault {

    private static final Map<String, String> OPEN = Map.of("source", "open");
    private static final Map<String, String> REDIS_HIT = Map.of("cache", "redis", "result", "hit");

    private final Map<String, Object> seen = new LinkedHashMap<>();
    private double openBefore;
    private double openAfter;
    private int freshVerifyStatus;
    private boolean freshChatUncounted;
    private int freshChatStatus;
    private double redisHitsAtHeal;
    private double redisHitsAtEnd;
    private int identityKeys;
    private int chatKeys;
    private double redisUp;

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public String summary() {
        return "Redis stopped for 20 s (10 s in the short form), then started again, empty";
    }

    @Override
    public int duringSeconds(Form form) {
        return form.isLong() ? 20 : form.duringSeconds();
    }

    @Override
    public void inject(FaultContext context) throws Exception {
        openBefore = context.metric("chat-service", "chat_ratelimit_decisions_total", OPEN);
        context.script("redis-stop");
    }

    @Override
    public void during(FaultContext context, long untilMs) throws Exception {
        context.sleepUntil(context.recorder.nowMs() + 3000);
        // A user identity has never seen: verified locally, without Redis, and chat admits them uncounted.
        Users.User fresh = context.users.signIn("redis-probe");
        freshVerifyStatus = context.workload.verifyReply(fresh.token()).status();
        Http.Reply chat = context.workload.chatReply(fresh.token(), false);
        freshChatStatus = chat.status();
        freshChatUncounted = chat.ok() && chat.header("x-ratelimit-limit-requests").isEmpty();
        seen.put("fresh_token_verify_status", freshVerifyStatus);
        seen.put("fresh_user_chat_status", freshChatStatus);
        seen.put("fresh_user_chat_without_ratelimit_headers", freshChatUncounted);
        context.sleepUntil(untilMs);
    }

    @Override
    public void heal(FaultContext context) throws Exception {
        openAfter = context.metric("chat-service", "chat_ratelimit_decisions_total", OPEN);
        context.script("redis-start");
    }

    @Override
    public void after(FaultContext context, long untilMs) throws Exception {
        // Identity probes Redis again within a second; give the caches a few seconds of load to refill.
        context.sleepUntil(context.recorder.nowMs() + 3000);
        redisHitsAtHeal = context.metric("identity-service", "identity_cache_lookups_total", REDIS_HIT);
        context.sleepUntil(untilMs);
        redisHitsAtEnd = context.metric("identity-service", "identity_cache_lookups_total", REDIS_HIT);
        identityKeys = context.redis.count("idn:*");
        chatKeys = context.redis.count("chat:*");
        redisUp = context.metric("identity-service", "identity_redis_up", Map.of());
    }

    @Override
    public List<Check> checks(FaultContext context, Window w) {
        List<Check> checks = new ArrayList<>();
        List<Sample> identityAfterFirstSecond = Window.of(context.recorder, w.injectMs() + 1000, w.endMs(), IDENTITY_OPS);
        long identity5xx = identityAfterFirstSecond.stream().filter(Sample::serverError).count();
        checks.add(Check.of("identity answers no 5xx beyond the first second", identity5xx == 0 && !identityAfterFirstSecond.isEmpty(),
                identity5xx + " 5xx/no answer of " + identityAfterFirstSecond.size() + " verify+introspect requests from 1 s after the stop "
                        + "to the end; errors " + Phases.errorsByStatus(identityAfterFirstSecond)));
        List<Sample> verifyDuring = Window.of(context.recorder, w.injectMs() + 1000, w.healMs(), Set.of("verify"));
        long verified = verifyDuring.stream().filter(Sample::ok).count();
        checks.add(Check.of("verification goes on (a token never seen before included)",
                verified > 0 && verified == verifyDuring.size() && freshVerifyStatus == 200,
                verified + " of " + verifyDuring.size() + " verifications valid while Redis was down (after its first second); a new user's token: "
                        + freshVerifyStatus));
        List<Sample> chatDuring = Window.of(context.recorder, w.injectMs(), w.healMs(), CHAT_OPS);
        long chatRefused = chatDuring.stream().filter(s -> s.serverError() || s.status() == 429).count();
        double opened = openAfter - openBefore;
        checks.add(Check.of("chat's limits fail open", chatRefused == 0 && !chatDuring.isEmpty() && opened > 0 && freshChatUncounted,
                chatRefused + " of " + chatDuring.size() + " chat requests refused (5xx or 429); " + (long) opened
                        + " admissions counted as fail-open (chat_ratelimit_decisions_total{source=open}); a new user's chat "
                        + freshChatStatus + (freshChatUncounted ? " without" : " with") + " rate-limit headers"));
        double hits = redisHitsAtEnd - redisHitsAtHeal;
        checks.add(Check.of("caches refill", identityKeys > 0 && chatKeys > 0 && hits > 0 && redisUp == 1.0,
                "after the restart: " + identityKeys + " identity keys (idn:*) and " + chatKeys + " chat keys in Redis, "
                        + (long) hits + " identity Redis cache hits in the after phase, identity_redis_up " + redisUp));
        seen.put("ratelimit_fail_open_admissions", (long) opened);
        seen.put("identity_redis_keys_after", identityKeys);
        seen.put("chat_redis_keys_after", chatKeys);
        seen.put("identity_redis_hits_after", (long) hits);
        return checks;
    }

    @Override
    public Map<String, Object> observations() {
        return seen;
    }
}
