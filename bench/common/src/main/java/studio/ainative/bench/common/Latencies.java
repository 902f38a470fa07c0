package studio.ainative.bench.common;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** A latency sample in milliseconds, summarised as the reports show it. */
public final class Latencies {

    private Latencies() {
    }

    /** count, p50, p95, p99, max and mean (ms, one decimal) of the sample; nearest-rank percentiles. */
    public static Map<String, Object> summary(double[] ms) {
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("count", n);
        out.put("p50_ms", round(percentile(sorted, 0.50)));
        out.put("p95_ms", round(percentile(sorted, 0.95)));
        out.put("p99_ms", round(percentile(sorted, 0.99)));
        out.put("max_ms", round(sorted[n - 1]));
        out.put("mean_ms", round(Arrays.stream(sorted).average().orElse(0)));
        return out;
    }

    /** The value at quantile q of an ascending sample. */
    public static double percentile(double[] sorted, double q) {
        return sorted[(int) Math.floor(q * (sorted.length - 1))];
    }

    public static double round(double x) {
        return Math.round(x * 10) / 10.0;
    }

    public static double round4(double x) {
        return Math.round(x * 10000) / 10000.0;
    }
}
