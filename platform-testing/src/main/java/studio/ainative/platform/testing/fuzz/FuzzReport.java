package studio.ainative.platform.testing.fuzz;

import java.time.Duration;
import java.util.Locale;

/**
 * What a fuzz run did, after its warm-up: inputs run (the corpus's seeds included), how many the target
 * refused, the slowest input's time.
 *
 * @param target        the target's name
 * @param seed          the random seed ({@code -Dfuzz.seed} repeats the run's inputs)
 * @param corpusInputs  seeds replayed from the corpus
 * @param warmUpInputs  generated inputs run before timing started (checked, not timed)
 * @param inputs        inputs run and timed
 * @param refused       of those, refused with the documented rejection
 * @param elapsed       time spent on the timed inputs, generation included
 * @param maxNanos      the slowest timed input
 * @param slowestInput  that input
 */
public record FuzzReport(String target, long seed, int corpusInputs, long warmUpInputs, long inputs, long refused,
                         Duration elapsed, long maxNanos, String slowestInput) {

    /** One input's result. */
    record Outcome(boolean refused, long nanos) {
    }

    public double inputsPerSecond() {
        return inputs / Math.max(1e-9, elapsed.toNanos() / 1e9);
    }

    public double maxMillis() {
        return maxNanos / 1e6;
    }

    public String summary() {
        return String.format(Locale.ROOT,
                "fuzz %s: %,d inputs in %.1f s (%,.0f/s; %d corpus seeds, %,d refused, %,d warm-up inputs before), "
                        + "slowest %.2f ms, no failure (seed %d)",
                target, inputs, elapsed.toNanos() / 1e9, inputsPerSecond(), corpusInputs, refused, warmUpInputs,
                maxMillis(), seed);
    }

    static final class Tally {
        private long inputs;
        private long refused;
        private long maxNanos = -1;
        private String slowest;

        void record(Outcome outcome, String input) {
            inputs++;
            if (outcome.refused()) {
                refused++;
            }
            if (outcome.nanos() > maxNanos) {
                maxNanos = outcome.nanos();
                slowest = input;
            }
        }

        FuzzReport report(String target, long seed, int corpusInputs, long warmUpInputs, Duration elapsed) {
            return new FuzzReport(target, seed, corpusInputs, warmUpInputs, inputs, refused, elapsed, Math.max(0, maxNanos), slowest);
        }
    }
}
