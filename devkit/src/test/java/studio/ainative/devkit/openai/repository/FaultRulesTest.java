package studio.ainative.devkit.openai.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import studio.ainative.devkit.openai.Fault;

class FaultRulesTest {

    private static Fault error(int status, String model) {
        return new Fault(Fault.Mode.ERROR, status, Duration.ZERO, 0, model);
    }

    @Test
    void aCountedFaultServesThatManyRequestsThenDisappears() {
        FaultRules rules = new FaultRules();
        rules.arm(error(500, null), OptionalInt.of(2));

        assertEquals(500, rules.take("a").orElseThrow().status());
        assertEquals(OptionalInt.of(1), rules.armed().get(0).remaining());
        assertEquals(500, rules.take("a").orElseThrow().status());
        assertEquals(Optional.empty(), rules.take("a"));
        assertTrue(rules.armed().isEmpty());
    }

    @Test
    void anUncountedFaultServesUntilCleared() {
        FaultRules rules = new FaultRules();
        rules.arm(error(503, null), OptionalInt.empty());

        for (int i = 0; i < 5; i++) {
            assertEquals(503, rules.take("a").orElseThrow().status());
        }
        assertEquals(1, rules.clear());
        assertEquals(Optional.empty(), rules.take("a"));
    }

    @Test
    void aModelScopedFaultLeavesOtherModelsAlone() {
        FaultRules rules = new FaultRules();
        rules.arm(error(429, "b"), OptionalInt.empty());

        assertEquals(Optional.empty(), rules.take("a"));
        assertEquals(429, rules.take("b").orElseThrow().status());
    }

    @Test
    void theFirstArmedFaultThatHitsServesFirst() {
        FaultRules rules = new FaultRules();
        rules.arm(error(500, "b"), OptionalInt.of(1));
        rules.arm(error(502, null), OptionalInt.of(1));

        assertEquals(502, rules.take("a").orElseThrow().status());
        assertEquals(500, rules.take("b").orElseThrow().status());
        assertEquals(Optional.empty(), rules.take("b"));
    }

    @Test
    void armingStopsAtTheBound() {
        FaultRules rules = new FaultRules();
        for (int i = 0; i < FaultRules.MAX_RULES; i++) {
            assertTrue(rules.arm(error(500, null), OptionalInt.empty()).isPresent());
        }

        assertEquals(Optional.empty(), rules.arm(error(500, null), OptionalInt.empty()));
        assertEquals(FaultRules.MAX_RULES, rules.armed().size());
    }

    @Test
    void rulesGetDistinctIds() {
        FaultRules rules = new FaultRules();
        String first = rules.arm(error(500, null), OptionalInt.empty()).orElseThrow().id();
        String second = rules.arm(error(500, null), OptionalInt.empty()).orElseThrow().id();

        assertNotEquals(first, second);
    }
}
