package studio.ainative.bench.chaos;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PostgreSQL restarted ({@code pg_ctl restart -m fast}: open connections are cut, in-flight transactions rolled
 * back) under the write load. Claims: in-flight requests fail with 503, never 500; the pools reconnect by
 * themselves (no service restarted). That every acknowledged write is there and no write is partial is the
 * ledger's check, reported with every fault.
 */
final class PostgresRestart implements Fault {

    private final Map<String, Object> seen = new LinkedHashMap<>();
    private Map<String, String> pidsBefore;

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public String summary() {
        return "PostgreSQL restarted with pg_ctl restart -m fast under the write load";
    }

    @Override
    public void inject(FaultContext context) throws Exception {
        pidsBefore = IdentityCrash.pids(context);
        pidsBefore.put("identity-service", context.pid("identity-service"));
        long started = context.recorder.nowMs();
        context.script("pg-restart");
        seen.put("restart_took_ms", context.recorder.nowMs() - started);
    }

    @Override
    public void during(FaultContext context, long untilMs) {
        // The fault is the restart itself: it ends when pg_ctl returns, with PostgreSQL accepting connections.
    }

    @Override
    public void heal(FaultContext context) {
    }

    @Override
    public List<Check> checks(FaultContext context, Window w) throws Exception {
        List<Check> checks = new ArrayList<>();
        List<Sample> window = Window.of(context.recorder, w.injectMs(), w.endMs(), java.util.Set.of());
        Map<String, Integer> errors = Phases.errorsByStatus(window);
        long not503 = window.stream().filter(s -> s.serverError() && s.status() != 503).count();
        checks.add(Check.of("requests cut by the restart fail with 503, never 500", not503 == 0,
                "failures from the restart to the end: " + errors));
        List<Sample> writes = Window.of(context.recorder, w.injectMs(), w.endMs(), WRITE_OPS);
        checks.add(Check.of("writes fail only with 503", writes.stream().allMatch(s -> s.ok() || s.status() == 503),
                "write failures: " + Phases.errorsByStatus(writes) + " of " + writes.size() + " writes"));
        Map<String, String> pidsAfter = IdentityCrash.pids(context);
        pidsAfter.put("identity-service", context.pid("identity-service"));
        List<Sample> tail = Window.of(context.recorder, w.endMs() - 5000, w.endMs(), java.util.Set.of());
        boolean tailClean = !tail.isEmpty() && tail.stream().allMatch(Sample::ok);
        checks.add(Check.of("pools reconnect by themselves", pidsAfter.equals(pidsBefore) && tailClean,
                "no service restarted: " + pidsAfter.equals(pidsBefore) + "; the last 5 s: " + tail.size() + " requests, "
                        + Phases.errorsByStatus(tail) + " failed"));
        return checks;
    }

    @Override
    public Map<String, Object> observations() {
        return seen;
    }
}
