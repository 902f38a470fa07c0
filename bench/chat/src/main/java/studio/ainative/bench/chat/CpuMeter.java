package studio.ainative.bench.chat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import studio.ainative.platform.testing.ProcStat;

/**
 * Where the CPU went during a slice: each JVM of the benchmark (this driver and the services it started, found
 * among its child processes by their jar), and the whole machine from {@code /proc/stat}, so what others ran on
 * the shared cores shows beside the figures. Linux only.
 */
final class CpuMeter {

    /** CPU time so far of each process, and of the whole machine (busy and all, in clock ticks). */
    record Reading(Map<String, Long> processNanos, long machineBusy, long machineTotal, String loadAverage) {
    }

    private final Map<String, ProcessHandle> processes = new LinkedHashMap<>();

    CpuMeter() {
        processes.put("driver", ProcessHandle.current());
    }

    /** Follows the child JVM that runs {@code module}'s packaged jar, under {@code name}. */
    void follow(String name, String module) {
        ProcessHandle child = ProcessHandle.current().children()
                .filter(p -> p.info().commandLine().map(line -> line.contains(module + "/target/quarkus-app/")).orElse(false))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no child process runs " + module));
        processes.put(name, child);
    }

    Reading read() {
        Map<String, Long> nanos = new LinkedHashMap<>();
        processes.forEach((name, process) -> nanos.put(name, process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L)));
        long[] machine = machine();
        return new Reading(nanos, machine[0], machine[1], studio.ainative.platform.testing.BenchMain.loadAverage());
    }

    /**
     * Between two readings: each process's CPU milliseconds and microseconds per answer, the machine's busy
     * share of its cores, and what the processes this benchmark does not follow used (PostgreSQL, Redis, other
     * people's work).
     */
    static Map<String, Object> between(Reading before, Reading after, int answers) {
        Map<String, Object> out = new LinkedHashMap<>();
        double ourSeconds = 0;
        for (Map.Entry<String, Long> process : after.processNanos().entrySet()) {
            double seconds = (process.getValue() - before.processNanos().getOrDefault(process.getKey(), 0L)) / 1e9;
            ourSeconds += seconds;
            out.put(process.getKey() + "_cpu_us_per_answer", answers == 0 ? null : Math.round(seconds * 1e6 / answers));
        }
        long total = after.machineTotal() - before.machineTotal();
        long busy = after.machineBusy() - before.machineBusy();
        int cores = Runtime.getRuntime().availableProcessors();
        if (total > 0) {
            // /proc/stat counts every core's ticks: total ticks / cores is the wall time in ticks.
            double wallSeconds = total / (double) cores / ProcStat.TICKS_PER_SECOND;
            out.put("machine_busy_pct", Math.round(100.0 * busy / total));
            out.put("others_cpu_pct_of_machine", Math.round(100.0 * Math.max(0, busy / (double) ProcStat.TICKS_PER_SECOND - ourSeconds)
                    / (wallSeconds * cores)));
        }
        out.put("load_average_after", after.loadAverage());
        return out;
    }

    /** {busy, total} ticks of all cores from /proc/stat's first line; zeros off Linux. */
    private static long[] machine() {
        Optional<String> cpu = readFirstLine(Path.of("/proc/stat"));
        if (cpu.isEmpty()) {
            return new long[2];
        }
        String[] fields = cpu.get().trim().split("\\s+");
        long total = 0;
        long idle = 0;
        for (int i = 1; i < fields.length && i <= 8; i++) {
            long ticks = Long.parseLong(fields[i]);
            total += ticks;
            if (i == 4 || i == 5) { // idle, iowait
                idle += ticks;
            }
        }
        return new long[] {total - idle, total};
    }

    private static Optional<String> readFirstLine(Path file) {
        try (var lines = Files.lines(file)) {
            return lines.findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
