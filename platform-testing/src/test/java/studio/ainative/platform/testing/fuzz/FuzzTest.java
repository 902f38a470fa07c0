package studio.ainative.platform.testing.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fuzz harness itself: what passes, what fails, and that a failing input is kept. */
class FuzzTest {

    private static final Duration SHORT = Duration.ofMillis(300);

    @TempDir
    Path saved;

    private Fuzz fuzz(java.util.function.BiFunction<Random, Corpus, String> generator, Fuzz.Target target) {
        return Fuzz.of("harness", generator, target, Fuzz.oneOf(IllegalArgumentException.class)).withBudget(SHORT).savingTo(saved);
    }

    private static String number(Random r, Corpus corpus) {
        return Integer.toString(r.nextInt(1_000));
    }

    @Test
    void passesWhenEveryInputIsAcceptedOrRefusedAsDocumented() {
        FuzzReport report = fuzz(FuzzTest::number, input -> {
            if (Integer.parseInt(input) % 2 == 1) {
                throw new IllegalArgumentException("odd");
            }
        }).run();
        assertTrue(report.inputs() > 100, "ran " + report.inputs());
        assertTrue(report.refused() > 0 && report.refused() < report.inputs());
        assertEquals(2, report.corpusInputs());
    }

    @Test
    void failsOnAnUndocumentedExceptionAndKeepsTheInput() throws IOException {
        AssertionError e = assertThrows(AssertionError.class, () -> fuzz(FuzzTest::number, input -> {
            if (input.equals("777")) {
                throw new NullPointerException("boom");
            }
        }).withBudget(Duration.ofSeconds(5)).run());
        assertTrue(e.getMessage().contains("input: 777"), e.getMessage());
        assertTrue(e.getCause() instanceof NullPointerException);
        try (var files = Files.list(saved)) {
            List<Path> found = files.toList();
            assertEquals(1, found.size());
            assertEquals("777", Files.readString(found.get(0)));
        }
    }

    @Test
    void failsOnAStackOverflow() {
        AssertionError e = assertThrows(AssertionError.class, () -> fuzz(FuzzTest::number, input -> recurse(0)).run());
        assertTrue(e.getCause() instanceof StackOverflowError);
    }

    private static int recurse(int n) {
        return recurse(n + 1) + 1;
    }

    @Test
    void failsOnAnInputSlowerThan100MillisecondsEveryTime() {
        AssertionError e = assertThrows(AssertionError.class, () -> fuzz(FuzzTest::number, input -> {
            if (input.startsWith("9")) {
                Thread.sleep(Fuzz.PER_INPUT_LIMIT.toMillis() + 20);
            }
        }).withBudget(Duration.ofSeconds(5)).run());
        assertTrue(e.getMessage().contains("on each of 3 runs"), e.getMessage());
    }

    @Test
    void forgivesASlowRunThatDoesNotRepeat() {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        FuzzReport report = fuzz(FuzzTest::number, input -> {
            if (input.startsWith("9") && seen.add(input)) {
                Thread.sleep(Fuzz.PER_INPUT_LIMIT.toMillis() + 20);
            }
        }).withBudget(Duration.ofSeconds(2)).run();
        assertTrue(report.maxMillis() < Fuzz.PER_INPUT_LIMIT.toMillis(), "slowest " + report.maxMillis());
    }

    @Test
    void replaysTheCorpusSeedsThroughTheSeedForm() {
        AssertionError e = assertThrows(AssertionError.class, () -> fuzz(FuzzTest::number, input -> {
            if (input.equals("seed:abc")) {
                throw new IllegalStateException("a seed the generator never makes");
            }
        }).withSeedForm(seed -> "seed:" + seed.strip()).run());
        assertTrue(e.getMessage().contains("input: seed:abc"), e.getMessage());
    }

    @Test
    void readsBudgetsInSecondsMinutesOrIso() {
        assertEquals(Duration.ofSeconds(30), Fuzz.parseDuration("30s"));
        assertEquals(Duration.ofMinutes(10), Fuzz.parseDuration("10m"));
        assertEquals(Duration.ofMinutes(10), Fuzz.parseDuration("PT10M"));
        assertThrows(IllegalArgumentException.class, () -> Fuzz.parseDuration("10x"));
    }

    @Test
    void splitsObjectMembersAsWrittenDuplicatesAndDepthKept() {
        String deep = "[".repeat(20_000) + "]".repeat(20_000);
        List<HostileJson.Member> members = HostileJson.members("{\"a\":1, \"a\" : {\"b\":[1,2]}, \"q\\\"\\u0041\":\"x,}\", \"d\":" + deep + "}");
        assertEquals(List.of(new HostileJson.Member("a", "1"), new HostileJson.Member("a", "{\"b\":[1,2]}"),
                new HostileJson.Member("q\"A", "\"x,}\""), new HostileJson.Member("d", deep)), members);
        assertEquals(List.of(), HostileJson.members("{ }"));
        assertNull(HostileJson.members("[1]"));
        assertNull(HostileJson.members("{1:2}"));
        assertNull(HostileJson.members("{\"a\":1"));
        assertEquals("{\"a\":1,\"a\":2}", HostileJson.write(List.of(new HostileJson.Member("a", "1"), new HostileJson.Member("a", "2"))));
    }
}
