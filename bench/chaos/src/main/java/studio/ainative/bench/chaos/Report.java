package studio.ainative.bench.chaos;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The results table, in Markdown, as bench/chaos/README.md and bench/README.md show it. */
final class Report {

    private Report() {
    }

    @SuppressWarnings("unchecked")
    static String table(List<Map<String, Object>> faults) {
        StringBuilder out = new StringBuilder();
        out.append("| fault | errors by status (during + after) | p99 before / during / after (ms) | recovery (s) | acknowledged writes lost | claims held |\n");
        out.append("|---|---|---|---:|---:|---|\n");
        for (Map<String, Object> fault : faults) {
            Map<String, Integer> errors = (Map<String, Integer>) fault.get("errors_by_status_during_and_after");
            Map<String, Object> p99 = (Map<String, Object>) fault.get("p99_ms");
            Map<String, Object> writes = (Map<String, Object>) fault.get("writes");
            List<Check> checks = (List<Check>) fault.get("checks");
            long held = checks.stream().filter(Check::passed).count();
            String failed = checks.stream().filter(c -> !c.passed()).map(Check::claim).collect(Collectors.joining("; "));
            out.append("| ").append(fault.get("fault"))
                    .append(" | ").append(errors.isEmpty() ? "none" : errors.entrySet().stream()
                            .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining(", ")))
                    .append(" | ").append(p99.get("before")).append(" / ").append(p99.get("during")).append(" / ").append(p99.get("after"))
                    .append(" | ").append(fault.get("recovery_s") == null ? "not recovered" : fault.get("recovery_s"))
                    .append(" | ").append(writes.get("lost")).append(" of ").append(writes.get("acknowledged"))
                    .append(" | ").append(held).append(" of ").append(checks.size()).append(failed.isEmpty() ? "" : " (failed: " + failed + ")")
                    .append(" |\n");
        }
        return out.toString();
    }
}
