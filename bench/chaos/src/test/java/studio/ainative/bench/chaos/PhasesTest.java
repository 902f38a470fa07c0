package studio.ainative.bench.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PhasesTest {

    private static Sample ok(long atMs) {
        return new Sample("verify", atMs, 2.0, 200, true, "");
    }

    private static Sample failed(long atMs, int status) {
        return new Sample("verify", atMs, 50.0, status, false, "");
    }

    /** Ten requests a second from {@code fromMs} to {@code toMs}, failing in the seconds listed. */
    private static List<Sample> load(long fromMs, long toMs, List<Integer> failingSeconds) {
        List<Sample> samples = new ArrayList<>();
        for (long t = fromMs; t < toMs; t += 100) {
            int second = (int) ((t - fromMs) / 1000);
            samples.add(failingSeconds.contains(second) ? failed(t, 503) : ok(t));
        }
        return samples;
    }

    @Test
    void recoveryIsTheStartOfTheFirstCleanRunOfHoldSeconds() {
        List<Sample> after = load(10_000, 30_000, List.of(0, 1, 2, 4));
        assertEquals(5, Phases.recoverySeconds(after, 10_000, 30_000, 0, 3));
    }

    @Test
    void recoveryIsZeroWhenNothingFailedAfterTheFault() {
        assertEquals(0, Phases.recoverySeconds(load(0, 10_000, List.of()), 0, 10_000, 0, 3));
    }

    @Test
    void noRecoveryWhenFailuresOutlastTheAfterPhase() {
        assertNull(Phases.recoverySeconds(load(0, 10_000, List.of(0, 1, 2, 3, 4, 5, 6, 7, 8)), 0, 10_000, 0, 3));
    }

    @Test
    void secondsWithoutAnyRequestDoNotCountAsRecovered() {
        // Requests hanging after the fault: nothing starts in seconds 1-5, then the load comes back clean.
        List<Sample> after = new ArrayList<>(List.of(failed(0, Http.TIMEOUT)));
        after.addAll(load(6_000, 12_000, List.of()));
        assertEquals(6, Phases.recoverySeconds(after, 0, 12_000, 0, 3));
    }

    @Test
    void failuresWithinTheBaselineCountAsRecovered() {
        List<Sample> after = load(0, 6_000, List.of());
        after.add(failed(500, 500));
        assertEquals(1, Phases.baseline(List.of(failed(100, 500), ok(200), failed(1_500, 500)), 0, 2_000));
        assertEquals(0, Phases.recoverySeconds(after, 0, 6_000, 1, 3));
        assertEquals(1, Phases.recoverySeconds(after, 0, 6_000, 0, 3));
    }

    @Test
    void errorsAreCountedByStatusWithWrongAnswersNamed() {
        List<Sample> samples = List.of(ok(0), failed(1, 503), failed(2, 503), failed(3, Http.IO_ERROR),
                new Sample("chat_stream", 4, 9.0, 200, false, "broken_answer"));
        assertEquals(Map.of("503", 2, "io", 1, "200:broken_answer", 1), Phases.errorsByStatus(samples));
    }

    @Test
    void p99IsTheNearestRankOverEveryRequest() {
        List<Sample> samples = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            samples.add(new Sample("verify", i, i, i == 100 ? 503 : 200, i != 100, ""));
        }
        assertEquals(99.0, Phases.p99(samples));
        assertNull(Phases.p99(List.of()));
    }
}
