package studio.ainative.bench.chaos;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * memory-service stopped (SIGTERM), started again with {@code ./dev restart} after the fault's length. Claim, as
 * chat-service documents it: chat answers without memories ({@code x-ainative-memory: unavailable}), never an
 * error, and uses memories again once memory-service is back.
 */
final class MemoryOutage implements Fault {

    private final Map<String, Object> seen = new LinkedHashMap<>();

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public String summary() {
        return "memory-service stopped, restarted with ./dev restart after the fault's length";
    }

    @Override
    public void inject(FaultContext context) throws Exception {
        context.script("stop", "memory-service");
    }

    @Override
    public void heal(FaultContext context) throws Exception {
        context.script("restart", "memory-service");
    }

    private static Map<String, Integer> notes(List<Sample> samples) {
        Map<String, Integer> notes = new java.util.TreeMap<>();
        samples.forEach(s -> notes.merge(s.ok() ? s.note() : s.statusName(), 1, Integer::sum));
        return notes;
    }

    @Override
    public List<Check> checks(FaultContext context, Window w) {
        List<Check> checks = new ArrayList<>();
        // From a second after the stop: requests already past their recall when it came are not the claim.
        List<Sample> during = Window.of(context.recorder, w.injectMs() + 1000, w.healMs(), CHAT_OPS);
        long withoutMemories = during.stream().filter(s -> s.ok() && s.note().equals("unavailable")).count();
        checks.add(Check.of("chat answers without memories while memory-service is down",
                !during.isEmpty() && withoutMemories == during.size(),
                "chat answers by x-ainative-memory (or failure): " + notes(during)));
        // chat's breaker on memory-service (chat-memory-recall) lets calls through again only after its delay.
        List<Sample> after = Window.of(context.recorder, w.healedMs(), w.endMs(), CHAT_OPS);
        Double backAfter = secondsUntilAllUseMemories(after, w.healedMs());
        checks.add(Check.of("chat uses memories again once memory-service is back", backAfter != null,
                "every chat answer used memories (x-ainative-memory used or none) from " + backAfter
                        + " s after memory-service was ready to the end; after it was ready: " + notes(after)));
        seen.put("chat_memories_back_s_after_memory_ready", backAfter);
        seen.put("chat_memory_header_during", notes(during));
        return checks;
    }

    /** Seconds from {@code fromMs} to the start of the last run of chat answers with memories; null when none ends the phase. */
    static Double secondsUntilAllUseMemories(List<Sample> chats, long fromMs) {
        Long since = null;
        for (Sample s : chats.stream().sorted(java.util.Comparator.comparingLong(Sample::startMs)).toList()) {
            boolean withMemories = s.ok() && (s.note().equals("used") || s.note().equals("none"));
            if (!withMemories) {
                since = null;
            } else if (since == null) {
                since = s.startMs();
            }
        }
        return since == null ? null : Math.max(0, since - fromMs) / 1000.0;
    }

    @Override
    public Map<String, Object> observations() {
        return seen;
    }
}
