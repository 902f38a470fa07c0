package studio.ainative.bench.chaos;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import studio.ainative.bench.common.Latencies;

/** The analysis of one fault's samples: per-phase figures and the time to recover. */
final class Phases {

    private Phases() {
    }

    /** Requests, failures by status, and p99 (all requests, failed ones included) of a phase, overall and per operation. */
    static Map<String, Object> summary(List<Sample> samples, double seconds) {
        Map<String, Object> out = new LinkedHashMap<>(figures(samples));
        out.put("seconds", Latencies.round(seconds));
        Map<String, List<Sample>> byOp = new TreeMap<>();
        for (Sample s : samples) {
            byOp.computeIfAbsent(s.op(), op -> new ArrayList<>()).add(s);
        }
        Map<String, Object> ops = new LinkedHashMap<>();
        byOp.forEach((op, list) -> ops.put(op, figures(list)));
        out.put("by_operation", ops);
        return out;
    }

    private static Map<String, Object> figures(List<Sample> samples) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("requests", samples.size());
        out.put("failed", samples.stream().filter(s -> !s.ok()).count());
        out.put("errors_by_status", errorsByStatus(samples));
        out.put("p99_ms", p99(samples));
        return out;
    }

    static Map<String, Integer> errorsByStatus(List<Sample> samples) {
        Map<String, Integer> errors = new TreeMap<>();
        for (Sample s : samples) {
            if (!s.ok()) {
                errors.merge(s.statusName(), 1, Integer::sum);
            }
        }
        return errors;
    }

    /** p99 latency in ms; null for no samples. */
    static Double p99(List<Sample> samples) {
        if (samples.isEmpty()) {
            return null;
        }
        double[] ms = samples.stream().mapToDouble(Sample::latencyMs).sorted().toArray();
        return Latencies.round(Latencies.percentile(ms, 0.99));
    }

    /** Failed requests per whole second of [fromMs, toMs), by start time. */
    static int[] failuresPerSecond(List<Sample> samples, long fromMs, long toMs) {
        int[] perSecond = new int[(int) Math.max(0, (toMs - fromMs) / 1000)];
        for (Sample s : samples) {
            int second = (int) ((s.startMs() - fromMs) / 1000);
            if (!s.ok() && s.startMs() >= fromMs && second < perSecond.length) {
                perSecond[second]++;
            }
        }
        return perSecond;
    }

    /** The most failures any second of the baseline saw (0 for a healthy stack). */
    static int baseline(List<Sample> before, long fromMs, long toMs) {
        int max = 0;
        for (int n : failuresPerSecond(before, fromMs, toMs)) {
            max = Math.max(max, n);
        }
        return max;
    }

    /**
     * Seconds from the fault's end ({@code healMs}) to the first second from which failures stay at or under the
     * baseline for {@code holdSeconds} in a row; null when that never happened before {@code endMs}. A second in
     * which no request started does not count as recovered: the load is closed-loop, so hanging requests leave
     * seconds empty.
     */
    static Integer recoverySeconds(List<Sample> after, long healMs, long endMs, int baseline, int holdSeconds) {
        int[] failures = failuresPerSecond(after, healMs, endMs);
        int[] started = new int[failures.length];
        for (Sample s : after) {
            int second = (int) ((s.startMs() - healMs) / 1000);
            if (s.startMs() >= healMs && second < started.length) {
                started[second]++;
            }
        }
        int run = 0;
        for (int second = 0; second < failures.length; second++) {
            run = started[second] > 0 && failures[second] <= baseline ? run + 1 : 0;
            if (run == holdSeconds) {
                return second - holdSeconds + 1;
            }
        }
        return null;
    }
}
