package studio.ainative.bench.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import studio.ainative.platform.testing.BenchMain;
import studio.ainative.platform.testing.ProcStat;

/**
 * The resilience suite (issue 16) against a running local stack ({@code bench/chaos/run.sh} starts it on a
 * PostgreSQL and a Redis of its own): a steady mixed load from {@code users} virtual users while each fault is
 * injected in turn, with before / during / after phases; then the ledger of writes is audited, after the audit has
 * shown it finds writes damaged on purpose ({@link AuditControl}). Writes
 * {@code out} (the results) and prints the table; fails when any claim did not hold.
 *
 * <p>Arguments ({@code key=value}): form (long, short), faults (comma-separated, in order), users, rate (operations
 * per second per user), warmup (seconds), dev-dir (the stack's .dev), fault-script, redis-port, out.
 */
public final class ChaosSuite {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> options;

    private ChaosSuite(Map<String, String> options) {
        this.options = options;
    }

    public static void main(String[] args) {
        BenchMain.main(new String[][] {{"form", "long"}, {"faults", "redis,identity,postgres,jwks,memory,upstream,rotation,replicas,hostile"}, {"users", "6"},
                {"rate", "4"}, {"warmup", "10"}, {"dev-dir", ".dev"}, {"fault-script", "bench/chaos/fault.sh"},
                {"redis-port", "56379"}, {"out", "bench/chaos/results-long.json"}}, args, options -> new ChaosSuite(options).run());
    }

    static Fault fault(String name) {
        return switch (name) {
            case "redis" -> new RedisOutage();
            case "identity" -> new IdentityCrash();
            case "postgres" -> new PostgresRestart();
            case "jwks" -> new JwksOutage();
            case "memory" -> new MemoryOutage();
            case "upstream" -> new UpstreamFaults();
            case "rotation" -> new KeyRotation();
            case "replicas" -> new IdentityReplicas();
            case "hostile" -> new HostileLoad();
            default -> throw new IllegalArgumentException("unknown fault " + name
                    + "; known: redis, identity, postgres, jwks, memory, upstream, rotation, replicas, hostile");
        };
    }

    private record FaultResult(Fault fault, Window window, Map<String, Object> report, List<Check> checks) {
    }

    private void run() throws Exception {
        Form form = Form.of(options.get("form"));
        List<Fault> faults = java.util.Arrays.stream(options.get("faults").split(",")).map(String::trim).map(ChaosSuite::fault).toList();
        Path devDir = Path.of(options.get("dev-dir")).toAbsolutePath();
        Stack stack = Stack.read(devDir);
        String run = Instant.now().toString().substring(11, 19).replace(":", "") + HexFormat.of().toHexDigits(new Random().nextInt()).substring(0, 4);
        Http http = new Http(Duration.ofSeconds(10));
        Recorder recorder = new Recorder();
        Ledger ledger = new Ledger();
        Users users = new Users(http, stack, run);
        List<Users.User> loadUsers = new ArrayList<>();
        for (int i = 0; i < Integer.parseInt(options.get("users")); i++) {
            loadUsers.add(users.signIn("load" + i));
        }
        Workload workload = new Workload(http, stack, recorder, ledger, run, loadUsers, Double.parseDouble(options.get("rate")));
        Path logDir = Path.of(options.get("out")).toAbsolutePath().getParent().resolve("target");
        Files.createDirectories(logDir);
        FaultContext context = new FaultContext(stack, http, recorder, workload, users, new Metrics(http),
                new RedisProbe(Integer.parseInt(options.get("redis-port"))), form, Path.of(options.get("fault-script")).toAbsolutePath(), logDir);

        Map<String, Object> results = new LinkedHashMap<>();
        results.put("suite", "bench/chaos");
        results.put("form", form.name());
        results.put("started_at", Instant.now().toString());
        results.put("machine", BenchMain.machine(Path.of(".").toAbsolutePath()));
        results.put("load", Map.of("virtual_users", loadUsers.size(), "operations_per_second_per_user", Double.parseDouble(options.get("rate")),
                "operations", java.util.Arrays.stream(Workload.Op.values()).map(Workload.Op::label).toList(),
                "request_timeout_s", 10));
        log("run " + run + ": " + loadUsers.size() + " users at " + options.get("rate") + " op/s each, " + form.name() + " form, faults "
                + faults.stream().map(Fault::name).toList());

        // Each service's resident memory: idle (up, signed in, no load yet), and after the last fault's load (a
        // service the faults restarted reports its new process's).
        Map<String, Object> rss = new LinkedHashMap<>();
        rss.put("idle_mib", residentMemory(context));
        results.put("resident_memory", rss);
        workload.start();
        List<FaultResult> done = new ArrayList<>();
        try {
            Thread.sleep(Long.parseLong(options.get("warmup")) * 1000);
            for (Fault fault : faults) {
                done.add(inject(fault, context, form));
            }
        } finally {
            workload.stop();
        }
        rss.put("after_load_mib", residentMemory(context));
        log("resident memory (MiB), idle then after the load: " + rss);

        // The audit's negative control first: the same audit must find writes damaged on purpose.
        log("audit control: writes of its own, some damaged at the database, then audited");
        Map<String, Object> control = new AuditControl(http, stack, run).run(users.signIn("control"));
        Check controlCheck = (Check) control.get("check");
        log("audit control: " + (controlCheck.passed() ? "ok   " : "FAIL ") + controlCheck.claim() + ": " + controlCheck.seen());
        results.put("audit_control", control);

        log("auditing " + ledger.all().size() + " writes (API as each writer, database as the superuser)");
        List<LedgerAudit.Outcome> outcomes = new LedgerAudit(http, stack, run, workload.namespace()).audit(ledger.all());
        List<Map<String, Object>> faultReports = new ArrayList<>();
        boolean allPassed = controlCheck.passed();
        for (FaultResult result : done) {
            List<LedgerAudit.Outcome> mine = outcomes.stream()
                    .filter(o -> o.write().atMs() >= result.window().startMs() && o.write().atMs() < result.window().endMs()).toList();
            Map<String, Object> writes = writeCounts(mine);
            List<Check> checks = new ArrayList<>(result.checks());
            checks.add(Check.of("every acknowledged write is there", (long) writes.get("lost") == 0,
                    writes.get("acknowledged") + " acknowledged, " + writes.get("lost") + " lost " + details(mine, LedgerAudit.Verdict.LOST)));
            checks.add(Check.of("no partial write", (long) writes.get("partial") == 0,
                    writes.get("partial") + " partial " + details(mine, LedgerAudit.Verdict.PARTIAL)));
            Map<String, Object> report = new LinkedHashMap<>(result.report());
            report.put("writes", writes);
            report.put("checks", checks);
            report.put("passed", checks.stream().allMatch(Check::passed));
            allPassed &= checks.stream().allMatch(Check::passed);
            faultReports.add(report);
        }
        results.put("faults", faultReports);
        results.put("writes", writeCounts(outcomes));
        results.put("passed", allPassed);
        Path out = Path.of(options.get("out"));
        Files.writeString(out, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(results) + "\n");
        System.out.println(Report.table(faultReports));
        log("results: " + out);
        if (!allPassed) {
            throw new IllegalStateException("a claim did not hold: see the checks above and " + out);
        }
    }

    private static FaultResult inject(Fault fault, FaultContext context, Form form) throws Exception {
        Recorder recorder = context.recorder;
        fault.prepare(context);
        long start = recorder.nowMs();
        log(fault.name() + ": before, " + form.beforeSeconds() + " s");
        context.sleepUntil(start + form.beforeSeconds() * 1000L);
        long inject = recorder.nowMs();
        log(fault.name() + ": " + fault.summary());
        fault.inject(context);
        fault.during(context, inject + fault.duringSeconds(form) * 1000L);
        long heal = recorder.nowMs();
        log(fault.name() + ": healing");
        fault.heal(context);
        long healed = recorder.nowMs();
        long until = Math.max(heal + form.afterSeconds() * 1000L, healed + (form.holdSeconds() + fault.settleSeconds()) * 1000L);
        log(fault.name() + ": after, until " + (until - healed) / 1000 + " s from now");
        fault.after(context, until);
        long end = recorder.nowMs();
        Window window = new Window(start, inject, heal, healed, end);

        List<Sample> before = Window.of(recorder, start, inject, Set.of());
        List<Sample> during = Window.of(recorder, inject, heal, Set.of());
        List<Sample> after = Window.of(recorder, heal, end, Set.of());
        int baseline = Phases.baseline(before, start, inject);
        Integer recovery = Phases.recoverySeconds(after, heal, end, baseline, form.holdSeconds());
        List<Sample> affected = new ArrayList<>(during);
        affected.addAll(after);

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("fault", fault.name());
        report.put("what", fault.summary());
        report.put("seconds", Map.of("before", (inject - start) / 1000.0, "during", (heal - inject) / 1000.0,
                "healing", (healed - heal) / 1000.0, "after", (end - heal) / 1000.0));
        report.put("errors_by_status_during_and_after", Phases.errorsByStatus(affected));
        report.put("p99_ms", Map.of("before", nullable(Phases.p99(before)), "during", nullable(Phases.p99(during)),
                "after", nullable(Phases.p99(after))));
        report.put("baseline_failures_per_second", baseline);
        report.put("recovery_s", recovery);
        report.put("recovery_hold_s", form.holdSeconds());
        report.put("phases", Map.of("before", Phases.summary(before, (inject - start) / 1000.0),
                "during", Phases.summary(during, (heal - inject) / 1000.0), "after", Phases.summary(after, (end - heal) / 1000.0)));
        List<Check> checks = new ArrayList<>(fault.checks(context, window));
        checks.add(Check.of("recovers: failures back at the baseline (" + baseline + "/s) for " + form.holdSeconds() + " s",
                recovery != null, "recovered " + recovery + " s after the fault ended"));
        report.put("observations", fault.observations());
        checks.forEach(c -> log(fault.name() + ": " + (c.passed() ? "ok   " : "FAIL ") + c.claim() + ": " + c.seen()));
        return new FaultResult(fault, window, report, checks);
    }

    private static final List<String> SERVICES = List.of("identity-service", "zerodb-service", "memory-service", "chat-service");

    private static Map<String, Object> residentMemory(FaultContext context) throws IOException {
        Map<String, Object> mib = new LinkedHashMap<>();
        for (String service : SERVICES) {
            String pid = context.pid(service);
            Long rss = pid.isEmpty() ? null : ProcStat.rssMib(ProcessHandle.of(Long.parseLong(pid)));
            mib.put(service, rss == null ? "not running" : rss);
        }
        return mib;
    }

    private static Object nullable(Double value) {
        return value == null ? "none" : value;
    }

    private static Map<String, Object> writeCounts(List<LedgerAudit.Outcome> outcomes) {
        Map<LedgerAudit.Verdict, Long> byVerdict = outcomes.stream()
                .collect(Collectors.groupingBy(LedgerAudit.Outcome::verdict, Collectors.counting()));
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("acknowledged", outcomes.stream().filter(o -> o.write().acked()).count());
        counts.put("failed", outcomes.stream().filter(o -> !o.write().acked()).count());
        counts.put("lost", byVerdict.getOrDefault(LedgerAudit.Verdict.LOST, 0L));
        counts.put("partial", byVerdict.getOrDefault(LedgerAudit.Verdict.PARTIAL, 0L));
        counts.put("applied_despite_error", byVerdict.getOrDefault(LedgerAudit.Verdict.APPLIED_DESPITE_ERROR, 0L));
        return counts;
    }

    private static String details(List<LedgerAudit.Outcome> outcomes, LedgerAudit.Verdict verdict) {
        List<String> found = outcomes.stream().filter(o -> o.verdict() == verdict).limit(5)
                .map(o -> o.write().kind() + " " + o.write().ids() + ": " + o.detail()).toList();
        return found.isEmpty() ? "" : found.toString();
    }

    static void log(String line) {
        System.err.println("[chaos " + Instant.now().toString().substring(11, 19) + "] " + line);
    }
}
