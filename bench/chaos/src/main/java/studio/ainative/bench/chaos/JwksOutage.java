package studio.ainative.bench.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The IdP's JWKS endpoint fails (devkit's {@code /dev/jwks/fault}): HTTP 500 for the first half of the fault,
 * then stalled (no answer) for the second; 60 s in all in the long form. devkit's signing key is rotated as the
 * fault begins, so tokens minted during it carry a kid identity cannot have. Claims: tokens with cached keys keep
 * verifying; a token with an unknown kid gets 503 "provider keys unavailable" (resource services 503, never 401),
 * promptly even while the IdP stalls; it is not remembered as invalid (it verifies once the IdP is back); no
 * event loop of identity is blocked.
 */
final class JwksOutage implements Fault {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BLOCKED = "has been blocked for";

    private final Map<String, Object> seen = new LinkedHashMap<>();
    private final List<String> unknownKidAnswers = new ArrayList<>();
    private Users.User rotated;
    private long blockedBefore;
    private int probes;
    private int probesRight;
    private double slowestProbeMs;
    private Double secondsToVerify;
    private long faultsServed;

    @Override
    public String name() {
        return "jwks";
    }

    @Override
    public String summary() {
        return "devkit's JWKS endpoint answers 500, then stalls; 60 s in all (the fault's length in the short form)";
    }

    @Override
    public int duringSeconds(Form form) {
        return form.isLong() ? 60 : form.duringSeconds();
    }

    private void arm(FaultContext context, String body) {
        Http.Reply reply = context.http.method("PUT", context.stack.devkit() + "/dev/jwks/fault", Map.of(), "application/json",
                body.getBytes(StandardCharsets.UTF_8));
        if (reply.status() != 200) {
            throw new IllegalStateException("devkit refused the JWKS fault " + body + ": " + reply.status() + " " + reply.text());
        }
    }

    @Override
    public void inject(FaultContext context) throws Exception {
        blockedBefore = context.logLines("identity-service", BLOCKED);
        arm(context, "{\"mode\": \"error\", \"status\": 500}");
        DevkitIdp.rotateKey(context);
        rotated = context.users.signIn("jwks-unknown-kid");
        seen.put("rotated_kid", rotated.kid());
    }

    /** verify, introspection and zerodb with the unknown kid: 503 each, verify's saying the keys are unavailable. */
    private void probe(FaultContext context, String mode) throws Exception {
        Http.Reply verify = context.workload.verifyReply(rotated.token());
        Http.Reply introspect = context.workload.introspectReply(rotated.token());
        Http.Reply zerodb = context.http.get(context.stack.gateway() + "/api/v1/zerodb/vectors/stats",
                Map.of("Authorization", "Bearer " + rotated.token()));
        boolean verifyRight = verify.status() == 503 && verify.text().contains("keys unavailable")
                && verify.header("Retry-After").isPresent();
        boolean right = verifyRight && introspect.status() == 503 && zerodb.status() == 503;
        probes++;
        if (right) {
            probesRight++;
        } else {
            unknownKidAnswers.add(mode + ": verify " + verify.status() + " " + verify.text() + ", introspect " + introspect.status()
                    + ", zerodb " + zerodb.status());
        }
        slowestProbeMs = Math.max(slowestProbeMs, Math.max(verify.latencyMs(), Math.max(introspect.latencyMs(), zerodb.latencyMs())));
    }

    @Override
    public void during(FaultContext context, long untilMs) throws Exception {
        long start = context.recorder.nowMs();
        long half = start + (untilMs - start) / 2;
        context.sleepUntil(start + 1000);
        while (context.recorder.nowMs() < half - 2000) {
            probe(context, "500");
            context.sleepUntil(context.recorder.nowMs() + 3000);
        }
        context.sleepUntil(half);
        arm(context, "{\"mode\": \"stall\"}");
        context.sleepUntil(half + 1000);
        while (context.recorder.nowMs() < untilMs - 3000) {
            probe(context, "stall");
            context.sleepUntil(context.recorder.nowMs() + 3000);
        }
        context.sleepUntil(untilMs);
    }

    @Override
    public void heal(FaultContext context) throws Exception {
        Http.Reply cleared = context.http.method("DELETE", context.stack.devkit() + "/dev/jwks/fault", Map.of(), null, null);
        JsonNode view = JSON.readTree(cleared.body());
        faultsServed = view.path("faults_served").asLong();
        seen.put("jwks_requests_failed_by_devkit", faultsServed);
    }

    /**
     * Polls the rotated key's token until it verifies: identity allows one forced refetch per provider per 30 s, so
     * this may take up to that long after the endpoint is back, past the after phase of the short form.
     */
    @Override
    public void after(FaultContext context, long untilMs) throws Exception {
        long deadline = Math.max(untilMs, context.recorder.nowMs() + 45_000);
        secondsToVerify = context.secondsUntil(deadline, 1000, () -> context.workload.verifyReply(rotated.token()).status() == 200);
        seen.put("unknown_kid_verified_s_after_jwks_back", secondsToVerify);
        context.sleepUntil(untilMs);
    }

    @Override
    public List<Check> checks(FaultContext context, Window w) throws Exception {
        List<Check> checks = new ArrayList<>();
        List<Sample> identity = Window.of(context.recorder, w.injectMs(), w.healMs(), IDENTITY_OPS);
        long verified = identity.stream().filter(Sample::ok).count();
        checks.add(Check.of("tokens whose keys are cached keep verifying", !identity.isEmpty() && verified == identity.size(),
                verified + " of " + identity.size() + " verify+introspect requests of the load succeeded during the outage; failures "
                        + Phases.errorsByStatus(identity)));
        checks.add(Check.of("an unknown kid gets 503 \"provider keys unavailable\", promptly, never 401",
                probes > 0 && probesRight == probes && slowestProbeMs < 5000 && faultsServed > 0,
                probesRight + " of " + probes + " probes (verify, introspection, zerodb) answered 503 as claimed, the slowest in "
                        + Math.round(slowestProbeMs) + " ms; devkit failed " + faultsServed + " JWKS requests"
                        + (unknownKidAnswers.isEmpty() ? "" : "; others: " + unknownKidAnswers)));
        checks.add(Check.of("the unknown kid is not remembered as invalid", secondsToVerify != null,
                "the rotated key's token verified " + secondsToVerify + " s after the JWKS endpoint was back"));
        long blocked = context.logLines("identity-service", BLOCKED) - blockedBefore;
        checks.add(Check.of("no event loop blocked", blocked == 0,
                blocked + " blocked-thread warnings (\"" + BLOCKED + "\") in identity-service's log during the fault"));
        return checks;
    }

    @Override
    public Map<String, Object> observations() {
        return seen;
    }
}
