package studio.ainative.bench.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A second identity-service process ({@code ./dev replica start}: same database, Redis, secrets and keys, a port of
 * its own) joins the first behind the gateway while the load runs; two users are revoked, one through each
 * replica (as the end user through the second, by user id with the project's API key through the first), and
 * the other replica and the resource services (which introspect the first) are watched until they refuse. The
 * replica is taken out of the gateway and stopped when the fault ends. Claims: each token was accepted by both
 * replicas before; the other replica refuses it within 1 s and the revoking one at once (identity's bound: the
 * Redis broadcast, milliseconds); zerodb, memory and chat refuse it within {@code platform.auth.cache-ttl} (5 s)
 * plus 1 s; a bystander user and the load see no failure; the gateway sent the load to both replicas.
 */
final class IdentityReplicas implements Fault {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final double OTHER_REPLICA_BOUND_S = 1.0;
    /** platform.auth.cache-ttl (5 s) and a second for polling and the request under way. */
    static final double RESOURCE_BOUND_S = 6.0;
    private static final Map<String, String> RESOURCE_PATHS = new LinkedHashMap<>(Map.of(
            "zerodb-service", "/api/v1/zerodb/vectors/stats", "memory-service", "/api/v1/public/memory/v2/profile",
            "chat-service", "/api/v1/chat/models"));

    /** What one revocation did: where it went, how it was answered, and when each party refused the token. */
    record Revocation(String label, String through, String other, boolean acceptedByBoth, int revokeStatus, boolean applied,
            int revokingReplicaStatus, Double otherReplicaSeconds, Map<String, Double> resourceSeconds, List<String> bystanderRefusals) {

        double slowestResource() {
            return resourceSeconds.values().stream().mapToDouble(s -> s == null ? Double.POSITIVE_INFINITY : s).max().orElse(Double.POSITIVE_INFINITY);
        }
    }

    private final Map<String, Object> seen = new LinkedHashMap<>();
    private final List<Revocation> revocations = new ArrayList<>();
    private String first;
    private String second;
    private double secondAnswersBefore;
    private double secondAnswersFromLoad;

    @Override
    public String name() {
        return "replicas";
    }

    @Override
    public String summary() {
        return "a second identity-service joins the first behind the gateway (./dev replica start); a user revoked through each "
                + "replica; the replica leaves again (./dev replica stop)";
    }

    @Override
    public int duringSeconds(Form form) {
        // Each revocation is watched for up to 8 s.
        return Math.max(form.duringSeconds(), 20);
    }

    @Override
    public void inject(FaultContext context) throws Exception {
        context.script("replica-start");
        first = context.stack.identity();
        second = Stack.read(context.stack.devDir()).get("IDENTITY_REPLICA_URL");
        secondAnswersBefore = context.metrics.sum(second, "identity_introspections_total", Map.of());
        seen.put("replica", second);
    }

    private Http.Reply verifyAt(FaultContext context, String identity, String token) {
        return context.http.get(identity + "/api/v1/auth/verify", Map.of("Authorization", "Bearer " + token));
    }

    private Http.Reply resource(FaultContext context, String service, String token) {
        return context.http.get(context.stack.gateway() + RESOURCE_PATHS.get(service), Map.of("Authorization", "Bearer " + token));
    }

    /** Where a token is refused now, among both replicas and the resource services; empty when nowhere. */
    private List<String> refusals(FaultContext context, String token) {
        List<String> refused = new ArrayList<>();
        for (String identity : List.of(first, second)) {
            int status = verifyAt(context, identity, token).status();
            if (status != 200) {
                refused.add("verify at " + identity + ": " + status);
            }
        }
        for (String service : RESOURCE_PATHS.keySet()) {
            int status = resource(context, service, token).status();
            if (status != 200) {
                refused.add(service + ": " + status);
            }
        }
        return refused;
    }

    private Revocation revoke(FaultContext context, String label, boolean asEndUser, String through, String other) throws Exception {
        Users.User user = context.users.signIn("replicas-" + label);
        Users.User bystander = context.users.signIn("replicas-bystander-" + label);
        // Accepted, and so cached in process, by both replicas; cached by each resource service for cache-ttl.
        boolean acceptedByBoth = refusals(context, user.token()).isEmpty();
        List<String> bystanderRefusals = new ArrayList<>(refusals(context, bystander.token()));
        Http.Reply revoked = asEndUser
                ? context.http.post(through + "/api/v1/auth/revoke", Map.of("Authorization", "Bearer " + user.token()),
                        "application/json", new byte[0])
                : context.http.post(through + "/api/v1/auth/revoke", Map.of("Authorization", "Bearer " + context.stack.get("AINATIVE_API_KEY")),
                        "application/json", JSON.writeValueAsString(Map.of("user_id", user.userId())).getBytes(StandardCharsets.UTF_8));
        long at = context.recorder.nowMs();
        boolean applied = revoked.status() == 200 && JSON.readTree(revoked.body()).path("applied").asBoolean();
        int revokingStatus = verifyAt(context, through, user.token()).status();
        Double otherSeconds = null;
        Map<String, Double> resourceSeconds = new LinkedHashMap<>();
        RESOURCE_PATHS.keySet().forEach(s -> resourceSeconds.put(s, null));
        long deadline = at + (long) (RESOURCE_BOUND_S * 1000) + 2000;
        while (context.recorder.nowMs() < deadline && (otherSeconds == null || resourceSeconds.containsValue(null))) {
            if (otherSeconds == null && verifyAt(context, other, user.token()).status() == 401) {
                otherSeconds = (context.recorder.nowMs() - at) / 1000.0;
            }
            for (String service : RESOURCE_PATHS.keySet()) {
                if (resourceSeconds.get(service) == null && resource(context, service, user.token()).status() == 401) {
                    resourceSeconds.put(service, (context.recorder.nowMs() - at) / 1000.0);
                }
            }
            context.sleepUntil(context.recorder.nowMs() + 20);
        }
        refusals(context, bystander.token()).forEach(r -> bystanderRefusals.add("after: " + r));
        Revocation revocation = new Revocation(label, through, other, acceptedByBoth, revoked.status(), applied, revokingStatus,
                otherSeconds, resourceSeconds, bystanderRefusals);
        seen.put("revocation_" + label, Map.of("through", through, "revoke_status", revoked.status(), "applied", applied,
                "revoking_replica_verify", revokingStatus, "other_replica_refused_after_s", String.valueOf(otherSeconds),
                "resource_services_refused_after_s", resourceSeconds.toString()));
        return revocation;
    }

    @Override
    public void during(FaultContext context, long untilMs) throws Exception {
        context.sleepUntil(context.recorder.nowMs() + 2000);
        secondAnswersFromLoad = context.metrics.sum(second, "identity_introspections_total", Map.of()) - secondAnswersBefore;
        seen.put("answers_of_the_replica_to_the_load_in_2_s", secondAnswersFromLoad);
        revocations.add(revoke(context, "self-revoked-through-the-replica", true, second, first));
        revocations.add(revoke(context, "user-revoked-through-the-first", false, first, second));
        context.sleepUntil(untilMs);
    }

    @Override
    public void heal(FaultContext context) throws Exception {
        context.script("replica-stop");
    }

    @Override
    public List<Check> checks(FaultContext context, Window w) throws Exception {
        List<Check> checks = new ArrayList<>();
        checks.add(Check.of("the gateway sends the load to both replicas", secondAnswersFromLoad > 0,
                "the replica answered " + Math.round(secondAnswersFromLoad) + " verifications and introspections of the load in its first 2 s behind the gateway"));
        checks.add(Check.of("each token is accepted by both replicas before its revocation",
                revocations.size() == 2 && revocations.stream().allMatch(Revocation::acceptedByBoth),
                revocations.stream().map(r -> r.label() + ": " + (r.acceptedByBoth() ? "accepted" : "refused somewhere")).toList().toString()));
        checks.add(Check.of("the other replica refuses a revoked token within " + OTHER_REPLICA_BOUND_S + " s, the revoking one at once",
                revocations.size() == 2 && revocations.stream().allMatch(r -> r.applied() && r.revokingReplicaStatus() == 401
                        && r.otherReplicaSeconds() != null && r.otherReplicaSeconds() <= OTHER_REPLICA_BOUND_S),
                revocations.stream().map(r -> r.label() + ": revoke " + r.revokeStatus() + (r.applied() ? " applied" : " not applied")
                        + ", the revoking replica then " + r.revokingReplicaStatus() + ", the other refused after " + r.otherReplicaSeconds() + " s").toList().toString()));
        checks.add(Check.of("zerodb, memory and chat refuse it within cache-ttl (5 s) + 1 s",
                revocations.size() == 2 && revocations.stream().allMatch(r -> r.slowestResource() <= RESOURCE_BOUND_S),
                revocations.stream().map(r -> r.label() + ": " + r.resourceSeconds() + " s").toList().toString()));
        checks.add(Check.of("a revocation touches no other user", revocations.stream().allMatch(r -> r.bystanderRefusals().isEmpty()),
                "bystanders refused: " + revocations.stream().flatMap(r -> r.bystanderRefusals().stream()).toList()));
        List<Sample> affected = Window.of(context.recorder, w.injectMs(), w.endMs(), Set.of());
        long failed = affected.stream().filter(s -> !s.ok()).count();
        checks.add(Check.of("the load sees no failure (replica joining, revocations, replica leaving)", !affected.isEmpty() && failed == 0,
                failed + " of " + affected.size() + " requests failed during and after " + Phases.errorsByStatus(affected)));
        return checks;
    }

    @Override
    public Map<String, Object> observations() {
        return seen;
    }
}
