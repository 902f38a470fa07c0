package studio.ainative.bench.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * devkit's signing key rotated while the load runs (the old keys stay published), and every virtual user signs
 * in again at once, going on with a token of the new key. Claims: not one request fails, during or after; the
 * new kid's tokens are accepted by verify, introspection and a resource service; the old key's tokens still
 * are; identity fetched the JWKS at most twice for it (devkit counts the requests).
 */
final class KeyRotation implements Fault {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The forced refetch for the new kid, and a background refresh that may fall due meanwhile. */
    static final long MAX_JWKS_FETCHES = 2;

    private final Map<String, Object> seen = new LinkedHashMap<>();
    private final List<String> newKeyRefusals = new ArrayList<>();
    private final List<String> oldKeyRefusals = new ArrayList<>();
    private Users.User oldKeyUser;
    private String oldKid;
    private String newKid;
    private long jwksBefore;
    private long jwksAfter;
    private int switched;
    private int switchedToNewKid;
    private int newKeyProbes;
    private int oldKeyProbes;

    @Override
    public String name() {
        return "rotation";
    }

    @Override
    public String summary() {
        return "devkit's signing key rotated under the load (old keys stay published); every virtual user signs in again "
                + "and goes on with a token of the new key";
    }

    /**
     * A token accepted everywhere: verify (200, valid), identity's introspection (active) and zerodb (200);
     * null when so, else what answered otherwise.
     */
    static String refusals(FaultContext context, String token) throws Exception {
        List<String> wrong = new ArrayList<>();
        Http.Reply verify = context.workload.verifyReply(token);
        if (verify.status() != 200 || !JSON.readTree(verify.body()).path("valid").asBoolean()) {
            wrong.add("verify " + verify.status());
        }
        Http.Reply introspect = context.workload.introspectReply(token);
        if (introspect.status() != 200 || !JSON.readTree(introspect.body()).path("active").asBoolean()) {
            wrong.add("introspect " + introspect.status() + (introspect.status() == 200 ? " inactive" : ""));
        }
        Http.Reply zerodb = context.http.get(context.stack.gateway() + "/api/v1/zerodb/vectors/stats",
                Map.of("Authorization", "Bearer " + token));
        if (zerodb.status() != 200) {
            wrong.add("zerodb " + zerodb.status());
        }
        return wrong.isEmpty() ? null : String.join(", ", wrong);
    }

    private void probe(FaultContext context, String when) throws Exception {
        String newKey = refusals(context, context.workload.users().get(0).token());
        newKeyProbes++;
        if (newKey != null) {
            newKeyRefusals.add(when + ": " + newKey);
        }
        String oldKey = refusals(context, oldKeyUser.token());
        oldKeyProbes++;
        if (oldKey != null) {
            oldKeyRefusals.add(when + ": " + oldKey);
        }
    }

    @Override
    public void inject(FaultContext context) throws Exception {
        oldKeyUser = context.users.signIn("rotation-old-key");
        oldKid = oldKeyUser.kid();
        jwksBefore = DevkitIdp.jwksRequests(context);
        newKid = DevkitIdp.rotateKey(context);
        List<Users.User> users = context.workload.users();
        for (int i = 0; i < users.size(); i++) {
            Users.User again = context.users.signInAgain(users.get(i));
            context.workload.replaceUser(i, again);
            switched++;
            if (again.kid().equals(newKid) && !newKid.equals(oldKid)) {
                switchedToNewKid++;
            }
        }
        seen.put("old_kid", oldKid);
        seen.put("new_kid", newKid);
        seen.put("users_switched_to_the_new_key", switchedToNewKid);
    }

    @Override
    public void during(FaultContext context, long untilMs) throws Exception {
        long start = context.recorder.nowMs();
        context.sleepUntil(start + (untilMs - start) / 2);
        probe(context, "during");
        context.sleepUntil(untilMs);
    }

    @Override
    public void heal(FaultContext context) {
        // Nothing to undo: the new key stays devkit's signing key, the old one stays published.
    }

    @Override
    public void after(FaultContext context, long untilMs) throws Exception {
        context.sleepUntil(untilMs - 2000);
        probe(context, "after");
        jwksAfter = DevkitIdp.jwksRequests(context);
        seen.put("jwks_requests_during_and_after", jwksAfter - jwksBefore);
        context.sleepUntil(untilMs);
    }

    @Override
    public List<Check> checks(FaultContext context, Window w) throws Exception {
        List<Check> checks = new ArrayList<>();
        List<Sample> affected = Window.of(context.recorder, w.injectMs(), w.endMs(), Set.of());
        long failed = affected.stream().filter(s -> !s.ok()).count();
        checks.add(Check.of("not one request fails through the rotation", !affected.isEmpty() && failed == 0,
                failed + " of " + affected.size() + " requests of the load failed during and after "
                        + Phases.errorsByStatus(affected)));
        List<Sample> identity = Window.of(context.recorder, w.injectMs(), w.endMs(), IDENTITY_OPS);
        long verified = identity.stream().filter(Sample::ok).count();
        checks.add(Check.of("the new key's tokens are accepted (verify, introspection, zerodb)",
                switchedToNewKid == switched && switched > 0 && newKeyProbes > 0 && newKeyRefusals.isEmpty() && verified > 0,
                switchedToNewKid + " of " + switched + " users switched to kid " + newKid + " (was " + oldKid + "); " + verified
                        + " verify+introspect requests of the load accepted with them; " + (newKeyProbes - newKeyRefusals.size()) + " of "
                        + newKeyProbes + " probes accepted everywhere" + (newKeyRefusals.isEmpty() ? "" : "; refused: " + newKeyRefusals)));
        checks.add(Check.of("the old key's tokens keep verifying", oldKeyProbes > 0 && oldKeyRefusals.isEmpty(),
                (oldKeyProbes - oldKeyRefusals.size()) + " of " + oldKeyProbes + " probes of a token of kid " + oldKid
                        + " accepted by verify, introspection and zerodb" + (oldKeyRefusals.isEmpty() ? "" : "; refused: " + oldKeyRefusals)));
        long fetches = jwksAfter - jwksBefore;
        checks.add(Check.of("identity fetched the JWKS at most " + MAX_JWKS_FETCHES + " times for the rotation",
                fetches >= 1 && fetches <= MAX_JWKS_FETCHES,
                "devkit answered " + fetches + " JWKS requests from the rotation to the end of the after phase"));
        return checks;
    }

    @Override
    public Map<String, Object> observations() {
        return seen;
    }
}
