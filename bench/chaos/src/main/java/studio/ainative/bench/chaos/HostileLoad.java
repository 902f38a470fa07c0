package studio.ainative.bench.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import studio.ainative.bench.chaos.HostileTokens.Attack;
import studio.ainative.bench.chaos.HostileTokens.Hostile;

/**
 * Hostile tokens ({@link HostileTokens}: 10,000 in the long form, 2,000 in the short) sent while the valid load
 * runs, spread over the fault's length: seven in ten to {@code GET /api/v1/auth/verify} through the gateway, two
 * to identity's introspection (as zerodb), one to zerodb through the gateway. Claims: every one is refused,
 * none accepted and none a 5xx but the documented 503 for a kid the IdP does not publish; the valid load sees no
 * failure, and its p99
 * stays within twice its p99 before; identity asks devkit for the JWKS at most twice per 30 s; the hostile
 * tokens cost identity's database nothing (its transactions per second, from {@code pg_stat_database}, from the
 * flood's start until 11 s after its end, do not grow; 20 provider listings afterwards show the counts move).
 */
final class HostileLoad implements Fault {

    enum Target {
        VERIFY, INTROSPECTION, RESOURCE;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** What a hostile request got: refused as documented, or how it went wrong. */
    enum Verdict { REFUSED, ACCEPTED, SERVER_ERROR, UNEXPECTED }

    static final int SENDERS = 6;
    static final double MAX_P99_GROWTH = 2.0;
    static final int JWKS_FETCHES_PER_30_S = 2;
    /** Transactions per second identity's database may do during the flood: 1.5 × before's, plus 0.5 for noise (autovacuum, reloads). */
    static final double PG_RATE_FACTOR = 1.5;
    static final double PG_RATE_SLACK = 0.5;
    /**
     * Provider listings (a query each, and the API key's) after the flood, once its counts are read: they show that
     * the statistics count identity's queries at all.
     */
    static final int CALIBRATION_QUERIES = 20;
    /** How long after the flood the database's counts are read: a backend reports them within 10 s of going idle. */
    private static final long PG_REPORT_DELAY_MS = 11_000;
    /** The refetch budget an unknown kid spends: after the flood, the next fault must find it whole again. */
    private static final long REFETCH_BUDGET_MS = 31_000;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Object> seen = new LinkedHashMap<>();
    private final Map<Attack, Map<String, Integer>> answers = new EnumMap<>(Attack.class);
    private final Map<Verdict, Long> verdicts = new EnumMap<>(Verdict.class);
    private final List<String> wrong = new ArrayList<>();
    private List<Hostile> hostile;
    private ExecutorService senders;
    private final AtomicLong nextIndex = new AtomicLong();
    private volatile long lastSentMs;
    private long preparedMs;
    private long[] pgPrepared;
    private long[] pgInject;
    private long[] pgSettled;
    private long settledMs;
    private long jwksInject;
    private long jwksEnd;
    private long sendEndMs;
    private long calibrationTransactions;
    private Double calibrationSeconds;

    @Override
    public String name() {
        return "hostile";
    }

    @Override
    public String summary() {
        return "10,000 hostile tokens (2,000 in the short form) to verify, introspection and zerodb, mixed with the valid load";
    }

    static int count(Form form) {
        return form.isLong() ? 10_000 : 2_000;
    }

    @Override
    public void prepare(FaultContext context) throws Exception {
        Users.User template = context.users.signIn("hostile-template");
        String kid = template.kid();
        Http.Reply jwks = context.http.get(context.stack.devkit() + "/v1/sessions/jwks/" + context.stack.get("STYTCH_PROJECT_ID"), Map.of());
        Map<String, Object> jwk = null;
        for (JsonNode key : JSON.readTree(jwks.body()).path("keys")) {
            if (kid.equals(key.path("kid").asText())) {
                jwk = JSON.convertValue(key, Map.class);
            }
        }
        if (jwk == null) {
            throw new IllegalStateException("devkit's JWKS (" + jwks.status() + ") does not publish kid " + kid);
        }
        long now = Instant.now().getEpochSecond();
        String issuer = JSON.readTree(Base64.getUrlDecoder().decode(template.token().split("\\.")[1])).path("iss").asText();
        Map<Attack, Map<String, Object>> overrides = Map.of(
                Attack.EXPIRED, Map.of("exp", now - 3600, "iat", now - 7200),
                Attack.WRONG_AUDIENCE, Map.of("aud", List.of("project-test-00000000-0000-0000-0000-000000000000")),
                Attack.NOT_YET_VALID, Map.of("nbf", now + 3600),
                Attack.EXP_NOT_A_NUMBER, Map.of("exp", "2099-01-01T00:00:00Z"),
                Attack.ISSUER_VARIANT, Map.of("iss", issuer + "/"));
        Map<Attack, List<String>> signed = new EnumMap<>(Attack.class);
        for (Map.Entry<Attack, Map<String, Object>> override : overrides.entrySet()) {
            List<String> tokens = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Map<String, Object> claims = new LinkedHashMap<>(override.getValue());
                if (override.getKey() == Attack.ISSUER_VARIANT && i % 2 == 1) {
                    claims.put("iss", issuer.toUpperCase(java.util.Locale.ROOT));
                }
                tokens.add(context.users.tokenWithClaims("hostile-" + override.getKey().label(), claims));
            }
            signed.put(override.getKey(), tokens);
        }
        HostileTokens tokens = new HostileTokens(template.token(), jwk, signed);
        Random random = new Random(42);
        hostile = new ArrayList<>();
        for (long n = 0; n < count(context.form); n++) {
            hostile.add(tokens.next(n, random));
        }
        seen.put("hostile_requests", hostile.size());
        seen.put("attacks", java.util.Arrays.stream(Attack.values()).collect(
                java.util.stream.Collectors.toMap(Attack::label, a -> a.description, (a, b) -> a, LinkedHashMap::new)));
        pgPrepared = pgWork(context);
        preparedMs = context.recorder.nowMs();
    }

    /**
     * Shows that pg_stat_database sees identity's queries: {@link #CALIBRATION_QUERIES} provider listings (a query
     * each, with the project's API key) must show as at least as many transactions within 15 s (a backend reports
     * its counts within 10 s of going idle).
     */
    private void calibrate(FaultContext context) throws Exception {
        long before = pgWork(context)[0];
        for (int i = 0; i < CALIBRATION_QUERIES; i++) {
            Http.Reply listed = context.http.get(context.stack.gateway() + "/api/v1/auth/providers",
                    Map.of("Authorization", "Bearer " + context.stack.get("AINATIVE_API_KEY")));
            if (listed.status() != 200) {
                throw new IllegalStateException("identity's provider listing answered " + listed.status());
            }
        }
        calibrationSeconds = context.secondsUntil(context.recorder.nowMs() + 15_000, 250,
                () -> pgWork(context)[0] - before >= CALIBRATION_QUERIES);
        calibrationTransactions = pgWork(context)[0] - before;
    }

    /** identity's database: transactions (committed and rolled back) and rows read, from pg_stat_database. */
    private static long[] pgWork(FaultContext context) throws SQLException {
        try (Connection connection = DriverManager.getConnection(context.stack.maintenanceJdbcUrl(), "postgres", "");
                PreparedStatement query = connection.prepareStatement(
                        "SELECT xact_commit + xact_rollback, tup_returned + tup_fetched FROM pg_stat_database WHERE datname = ?")) {
            query.setString(1, context.stack.database("identity"));
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    throw new IllegalStateException("no pg_stat_database row for " + context.stack.database("identity"));
                }
                return new long[] {row.getLong(1), row.getLong(2)};
            }
        }
    }

    /** Where the {@code n}-th request goes: each full turn of the attacks to one target, 7 : 2 : 1. */
    static Target target(long n) {
        long turn = n / Attack.values().length % 10;
        return turn < 7 ? Target.VERIFY : turn < 9 ? Target.INTROSPECTION : Target.RESOURCE;
    }

    /**
     * Whether {@code attack}'s token was refused as documented by {@code target}: verify 400, 401 or 431;
     * introspection 200 {@code active: false}, 400 or 413; zerodb 400, 401 or 431; and, for a kid the IdP does not
     * publish, 503 with Retry-After (identity's "provider keys unavailable" while no refetch is allowed).
     */
    static Verdict verdict(Target target, Attack attack, int status, String body, boolean retryAfter) {
        if (status == Http.IO_ERROR || status == Http.TIMEOUT) {
            return Verdict.SERVER_ERROR;
        }
        if (status == 503 && retryAfter && Attack.KID_UNKNOWN_TO_THE_IDP.contains(attack)
                && (target != Target.VERIFY || body.contains("keys unavailable"))) {
            return Verdict.REFUSED;
        }
        if (status >= 500) {
            return Verdict.SERVER_ERROR;
        }
        return switch (target) {
            case VERIFY, RESOURCE -> status == 400 || status == 401 || status == 431 ? Verdict.REFUSED
                    : status >= 200 && status < 300 ? Verdict.ACCEPTED : Verdict.UNEXPECTED;
            case INTROSPECTION -> {
                if (status == 400 || status == 413) {
                    yield Verdict.REFUSED;
                }
                if (status != 200) {
                    yield Verdict.UNEXPECTED;
                }
                try {
                    JsonNode answer = JSON.readTree(body);
                    yield answer.path("active").isBoolean() && !answer.path("active").asBoolean() ? Verdict.REFUSED : Verdict.ACCEPTED;
                } catch (IOException e) {
                    yield Verdict.UNEXPECTED;
                }
            }
        };
    }

    private Http.Reply send(FaultContext context, Target target, Hostile request) {
        return switch (target) {
            case VERIFY -> context.http.get(context.stack.gateway() + "/api/v1/auth/verify", Map.of("Authorization", request.authorization()));
            case INTROSPECTION -> {
                String credential = Base64.getEncoder().encodeToString(("zerodb-service:" + context.stack.get("ZERODB_SERVICE_SECRET"))
                        .getBytes(StandardCharsets.UTF_8));
                yield context.http.post(context.stack.identity() + "/internal/v1/introspect", Map.of("Authorization", "Basic " + credential),
                        "application/x-www-form-urlencoded", ("token=" + URLEncoder.encode(request.token(), StandardCharsets.UTF_8))
                                .getBytes(StandardCharsets.UTF_8));
            }
            case RESOURCE -> context.http.get(context.stack.gateway() + "/api/v1/zerodb/vectors/stats",
                    Map.of("Authorization", request.authorization()));
        };
    }

    private synchronized void record(Target target, Hostile request, Http.Reply reply, Verdict verdict) {
        String status = target.label() + ":" + (reply.status() == Http.IO_ERROR ? "io" : reply.status() == Http.TIMEOUT ? "timeout" : reply.status());
        answers.computeIfAbsent(request.attack(), a -> new TreeMap<>()).merge(status, 1, Integer::sum);
        verdicts.merge(verdict, 1L, Long::sum);
        if (verdict != Verdict.REFUSED && wrong.size() < 20) {
            String body = reply.text();
            wrong.add(request.attack().label() + " to " + target.label() + ": " + status + " " + body.substring(0, Math.min(160, body.length())));
        }
    }

    @Override
    public void inject(FaultContext context) throws Exception {
        pgInject = pgWork(context);
        jwksInject = DevkitIdp.jwksRequests(context);
        long startMs = context.recorder.nowMs();
        double periodMs = context.form.duringSeconds() * 1000.0 / hostile.size();
        senders = Executors.newFixedThreadPool(SENDERS);
        for (int s = 0; s < SENDERS; s++) {
            senders.submit(() -> {
                for (long n = nextIndex.getAndIncrement(); n < hostile.size(); n = nextIndex.getAndIncrement()) {
                    context.sleepUntil(startMs + (long) (n * periodMs));
                    Hostile request = hostile.get((int) n);
                    Target target = target(n);
                    Http.Reply reply = send(context, target, request);
                    record(target, request, reply, verdict(target, request.attack(), reply.status(), reply.text(),
                            reply.header("Retry-After").isPresent()));
                    if (Attack.KID_UNKNOWN_TO_THE_IDP.contains(request.attack())) {
                        lastSentMs = context.recorder.nowMs();
                    }
                }
                return null;
            });
        }
    }

    /** Until the fault's end, and on until every hostile request has its answer. */
    @Override
    public void during(FaultContext context, long untilMs) throws Exception {
        context.sleepUntil(untilMs);
        senders.shutdown();
        if (!senders.awaitTermination(120, TimeUnit.SECONDS)) {
            senders.shutdownNow();
            throw new IllegalStateException("the hostile requests were not all answered 120 s after the fault's end");
        }
        sendEndMs = context.recorder.nowMs();
    }

    @Override
    public void heal(FaultContext context) {
        // Nothing to undo: the hostile requests have all been answered.
    }

    @Override
    public void after(FaultContext context, long untilMs) throws Exception {
        // identity's connections report their counts within 10 s of going idle: what the flood cost has come in by then.
        context.sleepUntil(sendEndMs + PG_REPORT_DELAY_MS);
        pgSettled = pgWork(context);
        settledMs = context.recorder.nowMs();
        calibrate(context);
        context.sleepUntil(Math.max(untilMs, lastSentMs + REFETCH_BUDGET_MS));
        jwksEnd = DevkitIdp.jwksRequests(context);
    }

    /** JWKS fetches allowed over {@code seconds}: {@link #JWKS_FETCHES_PER_30_S} per started 30 s. */
    static long jwksAllowance(double seconds) {
        return JWKS_FETCHES_PER_30_S * (long) Math.max(1, Math.ceil(seconds / 30.0));
    }

    /** Whether the database did no more work per second during than {@link #PG_RATE_FACTOR} × before's, plus the slack. */
    static boolean pgWorkHeld(double beforePerSecond, double duringPerSecond) {
        return duringPerSecond <= PG_RATE_FACTOR * beforePerSecond + PG_RATE_SLACK;
    }

    @Override
    public List<Check> checks(FaultContext context, Window w) throws Exception {
        List<Check> checks = new ArrayList<>();
        long sent = verdicts.values().stream().mapToLong(Long::longValue).sum();
        long refused = verdicts.getOrDefault(Verdict.REFUSED, 0L);
        long unknownKid503 = answers.entrySet().stream().filter(e -> Attack.KID_UNKNOWN_TO_THE_IDP.contains(e.getKey()))
                .flatMap(e -> e.getValue().entrySet().stream()).filter(e -> e.getKey().endsWith(":503")).mapToLong(Map.Entry::getValue).sum();
        Map<String, Object> byAttack = new LinkedHashMap<>();
        answers.forEach((attack, statuses) -> byAttack.put(attack.label(), statuses));
        seen.put("answers_by_attack", byAttack);
        seen.put("verdicts", verdicts);
        checks.add(Check.of("every hostile token is refused: never accepted, never a 5xx but the documented 503 for an unknown kid",
                sent == hostile.size() && refused == sent,
                refused + " of " + sent + " refused (" + unknownKid503 + " of them 503 + Retry-After for a kid the IdP does not publish); "
                        + verdicts + (wrong.isEmpty() ? "" : "; wrong: " + wrong)));

        List<Sample> load = Window.of(context.recorder, w.injectMs(), w.endMs(), Set.of());
        long loadFailed = load.stream().filter(s -> !s.ok()).count();
        checks.add(Check.of("the valid load sees no failure", !load.isEmpty() && loadFailed == 0,
                loadFailed + " of " + load.size() + " requests of the load failed during and after " + Phases.errorsByStatus(load)));

        Double before = Phases.p99(Window.of(context.recorder, w.startMs(), w.injectMs(), Set.of()));
        Double during = Phases.p99(Window.of(context.recorder, w.injectMs(), w.healMs(), Set.of()));
        seen.put("valid_load_p99_ms", Map.of("before", String.valueOf(before), "during", String.valueOf(during)));
        checks.add(Check.of("the valid load's p99 stays within " + MAX_P99_GROWTH + "× its p99 before",
                before != null && during != null && during <= MAX_P99_GROWTH * before,
                "p99 " + before + " ms before, " + during + " ms during the flood"));

        long fetches = jwksEnd - jwksInject;
        double seconds = (w.endMs() - w.injectMs()) / 1000.0;
        checks.add(Check.of("at most " + JWKS_FETCHES_PER_30_S + " JWKS fetches per provider per 30 s", fetches <= jwksAllowance(seconds),
                "devkit answered " + fetches + " JWKS requests in " + Math.round(seconds) + " s from the flood's start (allowed "
                        + jwksAllowance(seconds) + ")"));

        double beforeSeconds = (w.injectMs() - preparedMs) / 1000.0;
        double duringSeconds = (settledMs - w.injectMs()) / 1000.0;
        double beforeRate = (pgInject[0] - pgPrepared[0]) / beforeSeconds;
        double duringRate = (pgSettled[0] - pgInject[0]) / duringSeconds;
        long requestsBefore = Window.of(context.recorder, w.startMs(), w.injectMs(), Set.of()).size();
        long requestsDuring = Window.of(context.recorder, w.injectMs(), settledMs, Set.of()).size() + sent;
        Map<String, Object> pg = new LinkedHashMap<>();
        pg.put("transactions_before", pgInject[0] - pgPrepared[0]);
        pg.put("transactions_during", pgSettled[0] - pgInject[0]);
        pg.put("rows_read_before", pgInject[1] - pgPrepared[1]);
        pg.put("rows_read_during", pgSettled[1] - pgInject[1]);
        pg.put("transactions_per_request_before", requestsBefore == 0 ? "none" : (double) (pgInject[0] - pgPrepared[0]) / requestsBefore);
        pg.put("transactions_per_request_during", (double) (pgSettled[0] - pgInject[0]) / requestsDuring);
        seen.put("identity_database", pg);
        checks.add(Check.of("pg_stat_database sees identity's queries (" + CALIBRATION_QUERIES + " provider listings after the flood)",
                calibrationSeconds != null, calibrationTransactions + " transactions in identity's database counted "
                        + (calibrationSeconds == null ? "within 15 s" : calibrationSeconds + " s") + " after " + CALIBRATION_QUERIES
                        + " provider listings"));
        checks.add(Check.of("the hostile tokens cost identity's database nothing (transactions/s ≤ " + PG_RATE_FACTOR + " × before + "
                        + PG_RATE_SLACK + ")", pgWorkHeld(beforeRate, duringRate),
                String.format(java.util.Locale.ROOT, "%.2f transactions/s before (%d in %.1f s), %.2f/s from the flood's start to 11 s after "
                        + "its end (%d in %.1f s, %d requests of which %d hostile); rows read %d before, %d then", beforeRate, pgInject[0] - pgPrepared[0], beforeSeconds,
                        duringRate, pgSettled[0] - pgInject[0], duringSeconds, requestsDuring, sent, pgInject[1] - pgPrepared[1],
                        pgSettled[1] - pgInject[1])));
        return checks;
    }

    @Override
    public Map<String, Object> observations() {
        return seen;
    }
}
