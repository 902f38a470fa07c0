package studio.ainative.bench.chaos;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * identity-service killed (SIGKILL) and restarted {@code duringSeconds} later with {@code ./dev restart}. Claims:
 * the resource services serve principals they cached and answer 503 with Retry-After, never 401, for tokens they
 * had not; they recover without a restart of their own.
 */
final class IdentityCrash implements Fault {

    static final List<String> RESOURCE_SERVICES = List.of("zerodb-service", "memory-service", "chat-service");

    private final Map<String, Object> seen = new LinkedHashMap<>();
    private final List<String> uncachedAnswers = new ArrayList<>();
    private Map<String, String> pidsBefore;
    private Users.User cached;
    private int cachedStatus;
    private int uncachedOk;
    private int uncachedTotal;
    private int probe401;
    private Double secondsToFirstAnswer;

    @Override
    public String name() {
        return "identity";
    }

    /**
     * Healing ends when identity is ready again; the resource services' breaker on it (platform-auth's
     * {@code identity-introspection}) then stays open up to its 5 s delay from its last failed probe, which may come
     * just before that, and their first calls after it open connections: 8 s, not the default's bare 5 (a CI run on a
     * slowed VM, identity 6.4 s to restart, had the first new token served by all three 5.7 s after it was ready).
     */
    @Override
    public int settleSeconds() {
        return 8;
    }

    @Override
    public String summary() {
        return "identity-service killed with SIGKILL, restarted with ./dev restart after the fault's length";
    }

    static Map<String, String> pids(FaultContext context) throws Exception {
        Map<String, String> pids = new LinkedHashMap<>();
        for (String service : RESOURCE_SERVICES) {
            pids.put(service, context.pid(service));
        }
        return pids;
    }

    /** The cheapest authenticated read of each resource service, as one end user. */
    static List<Http.Reply> resourceProbe(FaultContext context, String token) throws Exception {
        Map<String, String> bearer = Map.of("Authorization", "Bearer " + token);
        String gateway = context.stack.gateway();
        return List.of(context.http.get(gateway + "/api/v1/zerodb/vectors/stats", bearer),
                context.http.get(gateway + "/api/v1/public/memory/v2/profile", bearer),
                context.http.get(gateway + "/api/v1/chat/models", bearer));
    }

    @Override
    public void inject(FaultContext context) throws Exception {
        pidsBefore = pids(context);
        cached = context.users.signIn("identity-cached");
        // Cached by zerodb-service's platform-auth for cache-ttl (5 s) from here.
        Http.Reply primed = context.http.get(context.stack.gateway() + "/api/v1/zerodb/vectors/stats",
                Map.of("Authorization", "Bearer " + cached.token()));
        if (!primed.ok()) {
            throw new IllegalStateException("the cached user's first request answered " + primed.status());
        }
        context.script("kill", "identity-service");
        cachedStatus = context.http.get(context.stack.gateway() + "/api/v1/zerodb/vectors/stats",
                Map.of("Authorization", "Bearer " + cached.token())).status();
        seen.put("cached_principal_status_after_kill", cachedStatus);
    }

    @Override
    public void during(FaultContext context, long untilMs) throws Exception {
        context.sleepUntil(context.recorder.nowMs() + 1000);
        while (context.recorder.nowMs() < untilMs - 1500) {
            Users.User fresh = context.users.signIn("identity-uncached");
            for (Http.Reply reply : resourceProbe(context, fresh.token())) {
                uncachedTotal++;
                if (reply.status() == 503 && reply.header("Retry-After").isPresent()) {
                    uncachedOk++;
                } else {
                    uncachedAnswers.add(reply.status() + (reply.header("Retry-After").isPresent() ? "+Retry-After" : ""));
                }
                if (reply.status() == 401) {
                    probe401++;
                }
            }
            context.sleepUntil(context.recorder.nowMs() + 2000);
        }
        context.sleepUntil(untilMs);
    }

    @Override
    public void heal(FaultContext context) throws Exception {
        context.script("restart", "identity-service");
    }

    @Override
    public void after(FaultContext context, long untilMs) throws Exception {
        Users.User fresh = context.users.signIn("identity-after");
        secondsToFirstAnswer = context.secondsUntil(untilMs, 250,
                () -> resourceProbe(context, fresh.token()).stream().allMatch(Http.Reply::ok));
        seen.put("new_token_served_s_after_identity_ready", secondsToFirstAnswer);
        context.sleepUntil(untilMs);
    }

    @Override
    public List<Check> checks(FaultContext context, Window w) throws Exception {
        List<Check> checks = new ArrayList<>();
        List<Sample> resource = Window.of(context.recorder, w.injectMs(), w.endMs(), RESOURCE_OPS);
        long load401 = resource.stream().filter(s -> s.status() == 401).count();
        checks.add(Check.of("resource services never answer 401 while identity is away", load401 == 0 && probe401 == 0,
                load401 + " 401s among " + resource.size() + " resource requests of the load, " + probe401 + " among the probes"));
        checks.add(Check.of("a principal cached before the kill is still served", cachedStatus == 200,
                "zerodb answered " + cachedStatus + " to a token it had verified just before the kill"));
        checks.add(Check.of("an uncached token gets 503 with Retry-After", uncachedTotal > 0 && uncachedOk == uncachedTotal,
                uncachedOk + " of " + uncachedTotal + " probes of zerodb, memory and chat with new tokens got 503 + Retry-After"
                        + (uncachedAnswers.isEmpty() ? "" : "; others: " + uncachedAnswers)));
        Map<String, String> pidsAfter = pids(context);
        checks.add(Check.of("resource services recover without a restart", pidsAfter.equals(pidsBefore) && secondsToFirstAnswer != null,
                "pids " + (pidsAfter.equals(pidsBefore) ? "unchanged" : pidsBefore + " -> " + pidsAfter)
                        + "; a new token served by all three " + secondsToFirstAnswer + " s after identity was ready again"));
        seen.put("uncached_probes", uncachedTotal);
        return checks;
    }

    @Override
    public Map<String, Object> observations() {
        return seen;
    }
}
