package studio.ainative.bench.chat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every measured duration of one variant, in nanoseconds, kept whole (a run holds at most a few million), so the
 * percentiles are exact rather than a histogram's buckets: the differences this benchmark reports are tenths of
 * a millisecond.
 */
final class Samples {

    static final double[] QUANTILES = {0.50, 0.90, 0.99, 0.999};

    private long[] nanos;
    private int size;
    private boolean sorted;

    Samples(int capacity) {
        nanos = new long[Math.max(16, capacity)];
    }

    void add(long duration) {
        if (size == nanos.length) {
            nanos = Arrays.copyOf(nanos, nanos.length * 2);
        }
        nanos[size++] = duration;
        sorted = false;
    }

    static Samples merge(List<Samples> parts) {
        Samples all = new Samples(parts.stream().mapToInt(Samples::size).sum());
        for (Samples part : parts) {
            System.arraycopy(part.nanos, 0, all.nanos, all.size, part.size);
            all.size += part.size;
        }
        return all;
    }

    int size() {
        return size;
    }

    /** The nearest-rank quantile in milliseconds: the smallest sample with at least {@code q} of them at or below it. */
    double quantileMillis(double q) {
        if (size == 0) {
            return Double.NaN;
        }
        sort();
        int rank = (int) Math.ceil(q * size);
        return nanos[Math.max(0, Math.min(size, rank) - 1)] / 1e6;
    }

    double maxMillis() {
        return quantileMillis(1.0);
    }

    double meanMillis() {
        double sum = 0;
        for (int i = 0; i < size; i++) {
            sum += nanos[i];
        }
        return size == 0 ? Double.NaN : sum / size / 1e6;
    }

    /** {@code p50_ms}, {@code p90_ms}, {@code p99_ms}, {@code p99_9_ms}, {@code max_ms}, {@code mean_ms}. */
    Map<String, Object> summary() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (double q : QUANTILES) {
            out.put(name(q), millis(quantileMillis(q)));
        }
        out.put("max_ms", millis(maxMillis()));
        out.put("mean_ms", millis(meanMillis()));
        return out;
    }

    /** {@code p50_ms} for 0.5, {@code p99_9_ms} for 0.999. */
    static String name(double q) {
        String digits = Double.toString(q * 100);
        return "p" + (digits.endsWith(".0") ? digits.substring(0, digits.length() - 2) : digits.replace('.', '_')) + "_ms";
    }

    /** Microsecond precision, which is what a difference of tenths of a millisecond needs. */
    static double millis(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    private void sort() {
        if (!sorted) {
            Arrays.sort(nanos, 0, size);
            sorted = true;
        }
    }
}
