package studio.ainative.bench.introspection;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import studio.ainative.platform.testing.ProcStat;

/**
 * Counters of the service, Redis, PostgreSQL and the CPUs at one moment; two of them bracket each measured run
 * ({@link RunFigures}). CPU times are in clock ticks ({@link ProcStat#TICKS_PER_SECOND}).
 *
 * @param metrics        identity's Prometheus samples this benchmark reads ({@link #METRICS}), by series
 * @param redisCalls     Redis's calls per command ({@code INFO commandstats}) and {@code total} ({@code INFO stats})
 * @param pgTransactions commits and rollbacks of identity's database ({@code pg_stat_database})
 * @param sockets        per peer (postgresql, redis, idp): the JVM's connections and their byte and segment counters ({@code ss -i})
 * @param jvmThreadTicks the JVM's threads by kind ({@link #threadKind})
 * @param machineBusy    user, nice, system and steal ticks of all CPUs ({@code /proc/stat})
 * @param machineTotal   all ticks of all CPUs but guest time
 */
record Snapshot(Map<String, Double> metrics, Map<String, Long> redisCalls, long pgTransactions, Map<String, Map<String, Long>> sockets,
                long jvmTicks, Map<String, Long> jvmThreadTicks, long redisTicks, long machineBusy, long machineTotal) {

    /** identity's own meters, GC pauses and its Redis client's (Vert.x) meters: what {@link RunFigures} reads. */
    static final Pattern METRICS = Pattern.compile("^(identity_|jvm_gc_pause_seconds_(count|sum)|redis_(commands_count_total"
            + "|commands_duration_seconds_(count|sum)|pool_queue_delay_seconds_(count|sum)|pool_rejected_total))");
    /** The counters {@code ss -i} shows per connection that the benchmark adds up per peer. */
    static final String[] SOCKET_COUNTERS = {"bytes_sent", "bytes_received", "data_segs_out", "data_segs_in"};

    /** The samples of a Prometheus text exposition that {@link #METRICS} selects: series (name and labels) to value. */
    static Map<String, Double> metrics(String exposition) {
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : exposition.split("\n")) {
            int space = line.lastIndexOf(' ');
            if (space > 0 && METRICS.matcher(line).find()) {
                try {
                    samples.put(line.substring(0, space).strip(), Double.parseDouble(line.substring(space + 1)));
                } catch (NumberFormatException e) {
                    // not a number (a NaN gauge is parsed; anything else is no sample)
                }
            }
        }
        return samples;
    }

    /** Calls per command from {@code INFO commandstats} ({@code cmdstat_mget:calls=12,usec=…}): mget → 12. */
    static Map<String, Long> commandCalls(Map<String, String> commandstats) {
        Map<String, Long> calls = new LinkedHashMap<>();
        commandstats.forEach((field, value) -> {
            if (field.startsWith("cmdstat_") && value.startsWith("calls=")) {
                int comma = value.indexOf(',');
                calls.put(field.substring("cmdstat_".length()), Long.parseLong(value.substring("calls=".length(), comma < 0 ? value.length() : comma)));
            }
        });
        return calls;
    }

    /**
     * The process {@code pid}'s established connections in {@code ss -tinpH} output, summed per peer: each connection
     * is a line (…, peer address:port, {@code users:(("java",pid=…,fd=…))}) followed by a line of its counters. Peers
     * are named by their port; every peer is present, with zeros when the process has no connection to it.
     */
    static Map<String, Map<String, Long>> sockets(String ss, long pid, Map<Integer, String> peers) {
        Map<String, Map<String, Long>> byPeer = new LinkedHashMap<>();
        for (String name : peers.values()) {
            Map<String, Long> counters = new LinkedHashMap<>();
            counters.put("connections", 0L);
            for (String counter : SOCKET_COUNTERS) {
                counters.put(counter, 0L);
            }
            byPeer.put(name, counters);
        }
        Map<String, Long> current = null;
        for (String line : ss.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            if (Character.isDigit(line.charAt(0))) {
                current = null;
                String[] columns = line.trim().split("\\s+");
                if (columns.length > 3 && line.contains("pid=" + pid + ",")) {
                    String peer = columns[3];
                    String name = peers.get(Integer.parseInt(peer.substring(peer.lastIndexOf(':') + 1)));
                    if (name != null) {
                        current = byPeer.get(name);
                        current.merge("connections", 1L, Long::sum);
                    }
                }
            } else if (current != null) {
                for (String field : line.trim().split("\\s+")) {
                    int colon = field.indexOf(':');
                    for (String counter : SOCKET_COUNTERS) {
                        if (colon > 0 && field.substring(0, colon).equals(counter)) {
                            current.merge(counter, Long.parseLong(field.substring(colon + 1)), Long::sum);
                        }
                    }
                }
            }
        }
        return byPeer;
    }

    /** {busy, total} ticks from {@code /proc/stat}'s {@code cpu} line: busy is user, nice, system and steal. */
    static long[] machineTicks(String cpuLine) {
        String[] f = cpuLine.trim().split("\\s+");
        long user = Long.parseLong(f[1]);
        long nice = Long.parseLong(f[2]);
        long system = Long.parseLong(f[3]);
        long steal = Long.parseLong(f[8]);
        long total = 0;
        for (int i = 1; i <= 8; i++) {
            total += Long.parseLong(f[i]);
        }
        return new long[] {user + nice + system + steal, total};
    }

    /**
     * A JVM thread's kind by its name: the Vert.x event loops (where requests run), the JIT compilers, GC and VM
     * threads, and the rest.
     */
    static String threadKind(String name) {
        if (name.startsWith("vert.x-eventloo")) {
            return "event_loops";
        }
        if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
            return "jit";
        }
        if (name.startsWith("GC Thread") || name.startsWith("G1 ") || name.startsWith("VM Thread")) {
            return "gc_vm";
        }
        return "other";
    }
}
