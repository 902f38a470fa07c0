package studio.ainative.bench.chaos;

import java.util.List;
import java.util.Set;

/**
 * When one fault's phases began (ms on the run's clock): before [start, inject), during [inject, heal), after
 * [heal, end). {@code healedMs}: when the healing action returned (a restarted service ready).
 */
record Window(long startMs, long injectMs, long healMs, long healedMs, long endMs) {

    /** Samples of {@code ops} (all when empty) that started in [fromMs, toMs). */
    static List<Sample> of(Recorder recorder, long fromMs, long toMs, Set<String> ops) {
        return recorder.between(fromMs, toMs).stream().filter(s -> ops.isEmpty() || ops.contains(s.op())).toList();
    }
}
