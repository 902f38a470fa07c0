package studio.ainative.bench.verify;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * identity's CPU, sampled by async-profiler (the {@code tools.profiler:async-profiler} artifact's own library), and read
 * back for one measured window. Unlike JFR's own sampler it sees every thread and every frame: native code (the crypto
 * provider's, the kernel's socket calls), the collector's and the compiler's threads, and Java code outside safepoints.
 */
final class CpuProfile {

    /** Where a sample's time is counted when one of these is on its stack, in this order of precedence. */
    private static final String[][] LIBRARIES = {
        {"studio.ainative.", "identity (our code)"}, {"org.jose4j.", "jose4j"}, {"com.amazon.corretto.", "ACCP"},
        {"com.fasterxml.jackson.", "Jackson"}, {"io.vertx.redis.", "Vert.x Redis client"}, {"io.netty.", "Netty"},
        {"io.vertx.", "Vert.x"}, {"io.smallrye.mutiny.", "Mutiny"}, {"io.smallrye.context.", "SmallRye Context Propagation"},
        {"io.quarkus.", "Quarkus"}, {"com.github.benmanes.caffeine.", "Caffeine"}, {"io.micrometer.", "Micrometer"},
        {"io.opentelemetry.", "OpenTelemetry"}};

    private CpuProfile() {
    }

    /**
     * The {@code -agentpath} option that samples the JVM's CPU every millisecond, and its allocations every 256 KiB (a
     * sample's weight is what was allocated since the last), from its start, and writes the samples,
     * in JFR's format, to {@code recording} when it exits. The library is copied out of the artifact on this class path.
     */
    static String agentOption(Path work, Path recording) throws IOException {
        Path library = work.resolve("libasyncProfiler.so");
        try (InputStream in = CpuProfile.class.getResourceAsStream("/linux-x64/libasyncProfiler.so")) {
            if (in == null) {
                throw new IllegalStateException("async-profiler's linux-x64 library is not on the class path");
            }
            Files.copy(in, library, StandardCopyOption.REPLACE_EXISTING);
        }
        return "-agentpath:" + library + "=start,event=cpu,interval=1ms,alloc=256k,file=" + recording;
    }

    /** A measured window of time, from {@code from} to {@code to}. */
    record Window(Instant from, Instant to) {
        boolean contains(Instant at) {
            return !at.isBefore(from) && !at.isAfter(to);
        }
    }

    /**
     * The samples within {@code windows} (a phase's rounds): by thread, by library, the hottest frames and our hottest
     * methods.
     * Every sample's stack is also written to {@code collapsed}, one line per distinct stack (thread, then the frames
     * from the root, separated by {@code ;}, then the count): a flame graph's input, and what to grep for a phase.
     */
    static String report(Path recording, List<Window> windows, Path collapsed) {
        Map<String, Integer> stacks = new HashMap<>();
        Map<String, Integer> threads = new HashMap<>();
        Map<String, Integer> libraries = new HashMap<>();
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> ours = new HashMap<>();
        Map<String, Long> allocated = new HashMap<>();
        long allocatedBytes = 0;
        int samples = 0;
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                Instant at = event.getStartTime();
                if (windows.stream().noneMatch(window -> window.contains(at))) {
                    continue;
                }
                String type = event.getEventType().getName();
                if (type.equals("jdk.ObjectAllocationInNewTLAB") || type.equals("jdk.ObjectAllocationOutsideTLAB")) {
                    long weight = type.endsWith("NewTLAB") ? event.getLong("tlabSize") : event.getLong("allocationSize");
                    allocatedBytes += weight;
                    allocated.merge(allocationSite(event), weight, Long::sum);
                    continue;
                }
                if (!type.equals("jdk.ExecutionSample")) {
                    continue;
                }
                samples++;
                String threadName = threadKind(event.getThread("sampledThread"));
                threads.merge(threadName, 1, Integer::sum);
                List<String> names = frameNames(event);
                if (names.isEmpty()) {
                    continue;
                }
                StringBuilder line = new StringBuilder(threadName);
                for (int i = names.size() - 1; i >= 0; i--) {
                    line.append(';').append(names.get(i).replace(';', ','));
                }
                stacks.merge(line.toString(), 1, Integer::sum);
                self.merge(names.get(0), 1, Integer::sum);
                libraries.merge(library(names), 1, Integer::sum);
                Set<String> seen = new HashSet<>();
                for (String name : names) {
                    if (name.startsWith("studio.ainative.") && seen.add(name)) {
                        ours.merge(name, 1, Integer::sum);
                    }
                }
            }
            Files.write(collapsed, stacks.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StringBuilder out = new StringBuilder(String.format("%d CPU samples (1 ms each) in %s%n", samples,
                windows.stream().map(window -> window.from() + " to " + window.to()).collect(Collectors.joining(", "))));
        section(out, "by thread", threads, samples, 12);
        section(out, "by library: the first of these on the stack, from the top (JDK, native and kernel code alone: \"other\")",
                libraries, samples, 20);
        section(out, "hottest frames (self)", self, samples, 40);
        section(out, "our methods (on the stack)", ours, samples, 40);
        out.append(String.format("%n%.0f MB allocated (sampled every 256 KiB), by class and the first frames of our code or, "
                + "without it, the allocating frame%n", allocatedBytes / 1e6));
        long allocatedTotal = allocatedBytes;
        List<Map.Entry<String, Long>> sites = new ArrayList<>(allocated.entrySet());
        sites.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()));
        sites.stream().limit(40).forEach(e -> out.append(String.format("  %5.1f%%  %s%n", 100.0 * e.getValue() / Math.max(1, allocatedTotal),
                e.getKey())));
        return out.toString();
    }

    /** The thread's name with its numbers as N, so a pool's threads count together; "?" when the sample has none. */
    private static String threadKind(RecordedThread thread) {
        String name = thread == null ? null : thread.getJavaName() != null ? thread.getJavaName() : thread.getOSName();
        return name == null ? "?" : name.replaceAll("[0-9]+", "N");
    }

    /** The allocated class, the frame that allocated it, and the nearest frame of our code above it. */
    private static String allocationSite(RecordedEvent event) {
        String type = event.getClass("objectClass") == null ? "?" : event.getClass("objectClass").getName();
        List<String> names = frameNames(event);
        String allocating = names.isEmpty() ? "?" : names.get(0);
        String ours = names.stream().filter(n -> n.startsWith("studio.ainative.")).findFirst().orElse("-");
        return type + " at " + allocating + " from " + ours;
    }

    /** The names of the event's frames, the innermost first; none without a stack. */
    private static List<String> frameNames(RecordedEvent event) {
        RecordedStackTrace stack = event.getStackTrace();
        return stack == null ? List.of() : stack.getFrames().stream().map(CpuProfile::name).toList();
    }

    private static String library(List<String> names) {
        for (String name : names) {
            for (String[] library : LIBRARIES) {
                if (name.startsWith(library[0])) {
                    return library[1];
                }
            }
        }
        return "other";
    }

    private static String name(RecordedFrame frame) {
        String type = frame.getMethod() == null || frame.getMethod().getType() == null ? "" : frame.getMethod().getType().getName();
        String method = frame.getMethod() == null ? "?" : frame.getMethod().getName();
        return type == null || type.isEmpty() ? method + " [" + frame.getType() + "]" : type + "." + method;
    }

    private static void section(StringBuilder out, String title, Map<String, Integer> counts, int samples, int limit) {
        out.append(String.format("%n%s%n", title));
        List<Map.Entry<String, Integer>> sorted = new ArrayList<>(counts.entrySet());
        sorted.sort(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()));
        Map<String, Integer> shown = new LinkedHashMap<>();
        sorted.stream().limit(limit).forEach(e -> shown.put(e.getKey(), e.getValue()));
        shown.forEach((name, count) -> out.append(String.format("  %5.1f%%  %s%n", 100.0 * count / Math.max(1, samples), name)));
    }
}
