package studio.ainative.bench.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import studio.ainative.bench.chaos.HostileLoad.Target;
import studio.ainative.bench.chaos.HostileLoad.Verdict;
import studio.ainative.bench.chaos.HostileTokens.Attack;

class HostileLoadTest {

    private static final String KEYS_UNAVAILABLE = "{\"valid\":false,\"error\":\"temporarily_unavailable\",\"error_description\":\"identity provider keys unavailable\"}";

    @Test
    void aWrong200IsAnAcceptedHostileToken() {
        assertEquals(Verdict.ACCEPTED, HostileLoad.verdict(Target.VERIFY, Attack.ALG_NONE, 200, "{\"valid\":true}", false));
        assertEquals(Verdict.ACCEPTED, HostileLoad.verdict(Target.RESOURCE, Attack.FORGED_SIGNATURE, 200, "{}", false));
        assertEquals(Verdict.ACCEPTED, HostileLoad.verdict(Target.INTROSPECTION, Attack.EXPIRED, 200, "{\"active\":true}", false));
    }

    @Test
    void documentedRefusalsAreRefusals() {
        assertEquals(Verdict.REFUSED, HostileLoad.verdict(Target.VERIFY, Attack.ALG_NONE, 401, "", false));
        assertEquals(Verdict.REFUSED, HostileLoad.verdict(Target.VERIFY, Attack.OVERSIZED_HEADER, 431, "", false));
        assertEquals(Verdict.REFUSED, HostileLoad.verdict(Target.VERIFY, Attack.OVERSIZED_HEADER, 400, "", false));
        assertEquals(Verdict.REFUSED, HostileLoad.verdict(Target.INTROSPECTION, Attack.GARBAGE, 200, "{\"active\":false}", false));
        assertEquals(Verdict.REFUSED, HostileLoad.verdict(Target.INTROSPECTION, Attack.OVERSIZED_HEADER, 413, "", false));
        assertEquals(Verdict.REFUSED, HostileLoad.verdict(Target.RESOURCE, Attack.EXPIRED, 401, "", false));
    }

    @Test
    void only503ForAnUnknownKidWithRetryAfterIsARefusal() {
        assertEquals(Verdict.REFUSED, HostileLoad.verdict(Target.VERIFY, Attack.UNKNOWN_KID, 503, KEYS_UNAVAILABLE, true));
        assertEquals(Verdict.REFUSED, HostileLoad.verdict(Target.INTROSPECTION, Attack.HOSTILE_KID, 503, "{}", true));
        assertEquals(Verdict.REFUSED, HostileLoad.verdict(Target.RESOURCE, Attack.UNKNOWN_KID, 503, "{}", true));
        assertEquals(Verdict.SERVER_ERROR, HostileLoad.verdict(Target.VERIFY, Attack.UNKNOWN_KID, 503, KEYS_UNAVAILABLE, false));
        assertEquals(Verdict.SERVER_ERROR, HostileLoad.verdict(Target.VERIFY, Attack.UNKNOWN_KID, 503, "{\"error\":\"database_unavailable\"}", true));
        assertEquals(Verdict.SERVER_ERROR, HostileLoad.verdict(Target.VERIFY, Attack.FORGED_SIGNATURE, 503, KEYS_UNAVAILABLE, true));
        assertEquals(Verdict.SERVER_ERROR, HostileLoad.verdict(Target.VERIFY, Attack.NESTED_JSON, 500, "", false));
    }

    @Test
    void noAnswerIsAServerErrorAndOtherStatusesUnexpected() {
        assertEquals(Verdict.SERVER_ERROR, HostileLoad.verdict(Target.VERIFY, Attack.GARBAGE, Http.IO_ERROR, "", false));
        assertEquals(Verdict.SERVER_ERROR, HostileLoad.verdict(Target.INTROSPECTION, Attack.GARBAGE, Http.TIMEOUT, "", false));
        assertEquals(Verdict.UNEXPECTED, HostileLoad.verdict(Target.VERIFY, Attack.GARBAGE, 404, "", false));
        assertEquals(Verdict.UNEXPECTED, HostileLoad.verdict(Target.INTROSPECTION, Attack.GARBAGE, 200, "not json", false));
    }

    @Test
    void everyAttackReachesEveryTargetSevenTwoOne() {
        Map<Target, Integer> counts = new EnumMap<>(Target.class);
        Map<Attack, Set<Target>> reached = new EnumMap<>(Attack.class);
        Attack[] attacks = Attack.values();
        for (long n = 0; n < 10L * attacks.length; n++) {
            Target target = HostileLoad.target(n);
            counts.merge(target, 1, Integer::sum);
            reached.computeIfAbsent(attacks[(int) (n % attacks.length)], a -> EnumSet.noneOf(Target.class)).add(target);
        }
        assertEquals(7 * attacks.length, counts.get(Target.VERIFY));
        assertEquals(2 * attacks.length, counts.get(Target.INTROSPECTION));
        assertEquals(attacks.length, counts.get(Target.RESOURCE));
        reached.values().forEach(targets -> assertEquals(EnumSet.allOf(Target.class), targets));
    }

    @Test
    void jwksAllowanceIsTwoPerStarted30Seconds() {
        assertEquals(2, HostileLoad.jwksAllowance(10));
        assertEquals(2, HostileLoad.jwksAllowance(30));
        assertEquals(4, HostileLoad.jwksAllowance(30.5));
        assertEquals(6, HostileLoad.jwksAllowance(75));
    }

    @Test
    void databaseWorkMayNotGrowBeyondItsSlack() {
        assertTrue(HostileLoad.pgWorkHeld(0, 0.4));
        assertFalse(HostileLoad.pgWorkHeld(0, 0.6));
        assertTrue(HostileLoad.pgWorkHeld(2, 3.4));
        assertFalse(HostileLoad.pgWorkHeld(2, 3.6));
        assertFalse(HostileLoad.pgWorkHeld(0.1, 200), "a query per hostile token");
    }
}
