package studio.ainative.bench.rlsaudit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import studio.ainative.bench.common.Client;
import studio.ainative.bench.rlsaudit.DatabaseAudit.Target;
import studio.ainative.bench.rlsaudit.OwnershipModel.Rls;
import studio.ainative.bench.rlsaudit.Operations.Op;
import studio.ainative.platform.testing.BenchMain;
import studio.ainative.platform.testing.IdentityAdmin;

/**
 * The randomized row-level security audit of a running stack: a seeded sequence of operations by random actors (six
 * end users in each of three projects, the projects' API keys, credentials with another project's id) on every
 * per-user object of the platform (table rows, vectors, files, memories, chat usage), with each project's RLS setting
 * switched at random points; every response checked against the {@link OwnershipModel}; then a sweep in which every
 * actor lists everything; then the {@link DatabaseAudit} as each service's runtime role. Prints a summary, writes the
 * results JSON to {@code out}, and fails (exit 1) on any violation or 5xx. Arguments: {@code key=value}, see
 * {@link #DEFAULTS}; the stack's URLs and credentials come from run.sh (its .dev/stack.env).
 */
public final class RlsAudit {

    private static final String[][] DEFAULTS = {
            {"ops", "10000"},
            {"seed", ""},
            {"base-url", "http://127.0.0.1:8080"},
            {"identity-url", "http://127.0.0.1:8081"},
            {"admin-token", ""},
            {"stytch-url", "http://127.0.0.1:8090"},
            {"stytch-project", ""},
            {"stytch-secret", ""},
            {"pg-host", "127.0.0.1"},
            {"pg-port", "5432"},
            {"db-suffix", ""},
            {"zerodb-password", "zerodb_app_local"},
            {"memory-password", "memory_app_local"},
            {"chat-password", "chat_app_local"},
            {"out", "target/results.json"},
            // false keeps the audit's projects, their data and keys, to look into a violation
            {"cleanup", "true"}};

    private RlsAudit() {
    }

    public static void main(String[] args) {
        BenchMain.main(DEFAULTS, args, RlsAudit::run);
    }

    private static void run(Map<String, String> options) throws Exception {
        long seed = options.get("seed").isEmpty() ? new Random().nextLong() : Long.parseLong(options.get("seed"));
        int count = Integer.parseInt(options.get("ops"));
        System.out.printf("rls-audit: seed %d (replay with seed=%d), %d operations against %s%n", seed, seed, count, options.get("base-url"));
        String run = Long.toString(System.currentTimeMillis(), 36);

        Client gateway = new Client(options.get("base-url"));
        StytchSessions sessions = new StytchSessions(options.get("stytch-url"), options.get("stytch-project"), options.get("stytch-secret"));
        AuditSetup setup = new AuditSetup(gateway, new IdentityAdmin(options.get("identity-url"), options.get("admin-token")), sessions,
                options.get("stytch-url"), options.get("stytch-project"), options.get("stytch-secret"));
        List<AuditProject> projects = setup.projects(run);
        List<String> userIds = setup.users(run, projects);
        System.out.printf("rls-audit: projects %s; users %s%n", projects.stream().map(AuditProject::id).toList(), userIds);

        Findings findings = new Findings();
        OwnershipModel model = new OwnershipModel(projects, userIds);
        Api api = new Api(gateway, projects, sessions, findings);
        Random random = new Random(seed);
        VectorOps vectors = new VectorOps(model, api, findings, random);
        TableOps tables = new TableOps(model, api, findings, random);
        FileOps files = new FileOps(model, api, findings, random);
        SettingOps settings = new SettingOps(model, api, findings, random);
        MemoryOps memories = new MemoryOps(model, api, findings, random);
        ChatOps chat = new ChatOps(model, api, findings, random);
        List<Op> ops = new ArrayList<>();
        for (Operations kind : List.of(vectors, tables, files, settings, memories, chat)) {
            ops.addAll(kind.operations());
        }
        for (AuditProject project : projects) {
            Actor key = Actor.key(project.index(), Actor.Header.NONE);
            findings.context("setup " + key);
            settings.set(key, Rls.OFF);
            for (String table : TableOps.TABLES.subList(0, 2)) {
                if (api.json(key, "POST", Api.ZERODB + "/tables", Map.of("name", table)).status() != 201) {
                    throw new IllegalStateException("project " + project.index() + "'s API key could not create table " + table);
                }
                model.state(project.index()).tables.put(table, new LinkedHashMap<>());
            }
        }

        long started = System.nanoTime();
        int totalWeight = ops.stream().mapToInt(Op::weight).sum();
        for (int i = 0; i < count; i++) {
            int draw = random.nextInt(totalWeight);
            Op op = ops.get(0);
            for (Op candidate : ops) {
                draw -= candidate.weight();
                if (draw < 0) {
                    op = candidate;
                    break;
                }
            }
            Actor actor = random.nextInt(100) < 65
                    ? Actor.user(random.nextInt(userIds.size()), random.nextInt(projects.size()), Actor.Header.OWN)
                    : Actor.key(random.nextInt(projects.size()), random.nextBoolean() ? Actor.Header.OWN : Actor.Header.NONE);
            perform(findings, "#" + i + " " + op.kind() + " by " + actor, op.kind(), actor, op);
            if ((i + 1) % 1000 == 0) {
                System.out.printf("rls-audit: %d operations, %d checks, %d violations%n", i + 1, findings.checks, findings.violationCount());
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;

        // Usage records reach the database ~50 ms after their answers; then every actor lists everything once.
        Thread.sleep(3_000);
        List<Op> sweep = ops.stream().filter(op -> List.of("vector.list", "vector.stats", "table.list", "row.query", "file.list", "memory.list",
                "memory.profile", "chat.usage", "rls.get").contains(op.kind())).toList();
        for (int p = 0; p < projects.size(); p++) {
            List<Actor> actors = new ArrayList<>();
            actors.add(Actor.key(p, Actor.Header.NONE));
            for (int u = 0; u < userIds.size(); u++) {
                actors.add(Actor.user(u, p, Actor.Header.OWN));
            }
            for (Actor actor : actors) {
                for (Op op : sweep) {
                    perform(findings, "sweep " + op.kind() + " by " + actor, "sweep." + op.kind(), actor, op);
                }
            }
        }

        DatabaseAudit database = new DatabaseAudit(model, findings);
        String jdbc = "jdbc:postgresql://" + options.get("pg-host") + ":" + options.get("pg-port") + "/";
        String suffix = options.get("db-suffix");
        database.run(new Target("zerodb", jdbc + "zerodb" + suffix, "zerodb_app", options.get("zerodb-password")),
                new Target("memory", jdbc + "memory" + suffix, "memory_app", options.get("memory-password")),
                new Target("chat", jdbc + "chat" + suffix, "chat_app", options.get("chat-password")));

        List<String> leftOver = List.of();
        if (Boolean.parseBoolean(options.get("cleanup"))) {
            // Its own findings: the clean-up is no part of the audit's figures.
            leftOver = new AuditCleanup(model, new Api(gateway, projects, sessions, new Findings())).run();
        }
        report(options, seed, count, seconds, model, findings, leftOver);
        if (findings.violationCount() > 0) {
            throw new IllegalStateException("rls-audit: " + findings.violationCount() + " violation(s) " + findings.violations + "; seed " + seed);
        }
    }

    private static void perform(Findings findings, String context, String kind, Actor actor, Op op) {
        findings.context(context);
        findings.operation(kind, actor);
        try {
            op.run().accept(actor);
        } catch (RuntimeException e) {
            findings.violation(Findings.Violation.SERVER_ERROR, "the operation failed: " + e);
        }
    }

    private static void report(Map<String, String> options, long seed, int count, double seconds, OwnershipModel model, Findings findings,
                               List<String> leftOver) throws Exception {
        long operations = findings.operationCount();
        System.out.println();
        System.out.printf("%-32s %s%n", "operation", "by actor");
        findings.operations.forEach((kind, byActor) -> System.out.printf("%-32s %s%n", kind, byActor));
        long serverErrors = findings.statuses.entrySet().stream().filter(e -> e.getKey() >= 500).mapToLong(Map.Entry::getValue).sum();
        System.out.printf("%nrandom operations: %d in %.1f s (%.1f ops/s); with the final sweep %d; statuses %s%n", count, seconds, count / seconds, operations,
                findings.statuses);
        System.out.printf("checks: %d of responses, %d at the database as the runtime roles%n", findings.checks, findings.databaseChecks);
        System.out.printf("5xx: %d; violations: %d %s%n", serverErrors, findings.violationCount(), findings.violations);
        findings.details.stream().limit(20).forEach(d -> System.out.println("  " + d));
        if (!leftOver.isEmpty()) {
            System.out.println("clean-up left: " + leftOver);
        }

        Map<String, Object> results = new LinkedHashMap<>();
        results.put("when", Instant.now().toString());
        results.put("seed", seed);
        results.put("operations_requested", count);
        results.put("operations_performed", operations);
        results.put("seconds", Math.round(seconds * 10) / 10.0);
        results.put("operations_per_second", Math.round(count / seconds * 10) / 10.0);
        results.put("operations", findings.operations);
        results.put("statuses", findings.statuses);
        results.put("checks", findings.checks);
        results.put("database_checks", findings.databaseChecks);
        results.put("server_errors", serverErrors);
        results.put("violations", findings.violations);
        results.put("violation_details", findings.details);
        List<Map<String, Object>> finalState = new ArrayList<>();
        for (int p = 0; p < model.projects.size(); p++) {
            OwnershipModel.ProjectState state = model.state(p);
            finalState.add(Map.of("project", model.projects.get(p).id().toString(), "rls", state.rls.name().toLowerCase(),
                    "vectors", state.vectors.size(), "rows", state.tables.values().stream().mapToInt(Map::size).sum(), "files", state.files.size(),
                    "memories", state.memories.size(), "completions", state.completions.values().stream().mapToInt(List::size).sum()));
        }
        results.put("final_model", finalState);
        results.put("cleanup_left_over", leftOver);
        results.put("machine", BenchMain.machine(Path.of(System.getProperty("audit.dir", "."))));
        Path out = Path.of(options.get("out"));
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), results);
        System.out.println("results: " + out.toAbsolutePath());
    }
}
