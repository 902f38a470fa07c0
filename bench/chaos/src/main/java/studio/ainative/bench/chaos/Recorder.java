package studio.ainative.bench.chaos;

import java.util.ArrayList;
import java.util.List;

/** Every sample of the run, and the run's clock (ms since the suite started). */
final class Recorder {

    private final long epochNanos = System.nanoTime();
    private final List<Sample> samples = new ArrayList<>();

    long nowMs() {
        return (System.nanoTime() - epochNanos) / 1_000_000;
    }

    synchronized void add(Sample sample) {
        samples.add(sample);
    }

    /** Samples that started in [fromMs, toMs). */
    synchronized List<Sample> between(long fromMs, long toMs) {
        List<Sample> out = new ArrayList<>();
        for (Sample s : samples) {
            if (s.startMs() >= fromMs && s.startMs() < toMs) {
                out.add(s);
            }
        }
        return out;
    }
}
