package studio.ainative.bench.introspection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapshotTest {

    @Test
    void keepsTheSeriesTheBenchmarkReadsWithTheirLabels() {
        Map<String, Double> metrics = Snapshot.metrics("""
                # HELP identity_introspections_total Answers
                # TYPE identity_introspections_total counter
                identity_introspections_total{outcome="active"} 1234.0
                identity_introspection_seconds_bucket{le="0.001"} 99.0
                jvm_gc_pause_seconds_count{action="end of minor GC",cause="Allocation Failure",gc="Copy"} 7.0
                jvm_memory_used_bytes{area="heap",id="Eden Space"} 1.2E7
                redis_pool_queue_delay_seconds_sum{name="default"} 0.5
                """);

        assertEquals(Map.of("identity_introspections_total{outcome=\"active\"}", 1234.0,
                "identity_introspection_seconds_bucket{le=\"0.001\"}", 99.0,
                "jvm_gc_pause_seconds_count{action=\"end of minor GC\",cause=\"Allocation Failure\",gc=\"Copy\"}", 7.0,
                "redis_pool_queue_delay_seconds_sum{name=\"default\"}", 0.5), metrics);
    }

    @Test
    void countsCallsPerCommandFromCommandstats() {
        Map<String, String> info = new LinkedHashMap<>();
        info.put("cmdstat_mget", "calls=12,usec=30,usec_per_call=2.50,rejected_calls=0,failed_calls=0");
        info.put("cmdstat_evalsha", "calls=3,usec=9");
        info.put("errorstat_ERR", "count=1");

        assertEquals(Map.of("mget", 12L, "evalsha", 3L), Snapshot.commandCalls(info));
    }

    @Test
    void sumsTheProcesssConnectionsPerPeerAndLeavesOtherProcessesOut() {
        String ss = """
                0      0      127.0.0.1:41000  127.0.0.1:5432  users:(("java",pid=4242,fd=40))
                \t cubic wscale:7,7 bytes_sent:1000 bytes_acked:1000 bytes_received:5000 segs_out:20 data_segs_out:10 data_segs_in:12
                0      0      127.0.0.1:41002  127.0.0.1:5432  users:(("java",pid=4242,fd=41))
                \t cubic bytes_sent:500 bytes_received:700 data_segs_out:4 data_segs_in:5
                0      0      127.0.0.1:41004  127.0.0.1:6379  users:(("java",pid=99,fd=12))
                \t cubic bytes_sent:9999 bytes_received:9999 data_segs_out:99 data_segs_in:99
                """;

        Map<String, Map<String, Long>> sockets = Snapshot.sockets(ss, 4242, Map.of(5432, "postgresql", 6379, "redis"));

        assertEquals(Map.of("connections", 2L, "bytes_sent", 1500L, "bytes_received", 5700L, "data_segs_out", 14L, "data_segs_in", 17L),
                sockets.get("postgresql"));
        assertEquals(Map.of("connections", 0L, "bytes_sent", 0L, "bytes_received", 0L, "data_segs_out", 0L, "data_segs_in", 0L),
                sockets.get("redis"));
    }

    @Test
    void doesNotTakeAPidForAnotherThatStartsWithIt() {
        String ss = "0 0 127.0.0.1:41000 127.0.0.1:5432 users:((\"java\",pid=42420,fd=40))\n\t bytes_sent:1000\n";

        assertEquals(0L, Snapshot.sockets(ss, 4242, Map.of(5432, "postgresql")).get("postgresql").get("bytes_sent"));
    }

    @Test
    void countsUserNiceSystemAndStealAsBusy() {
        // cpu  user nice system idle iowait irq softirq steal guest guest_nice
        assertArrayEquals(new long[] {100 + 2 + 30 + 4, 100 + 2 + 30 + 500 + 6 + 7 + 8 + 4},
                Snapshot.machineTicks("cpu  100 2 30 500 6 7 8 4 0 0"));
    }

    @Test
    void sortsJvmThreadsByTheirTruncatedNames() {
        assertEquals("event_loops", Snapshot.threadKind("vert.x-eventloo"));
        assertEquals("jit", Snapshot.threadKind("C2 CompilerThre"));
        assertEquals("gc_vm", Snapshot.threadKind("G1 Young RemSet"));
        assertEquals("gc_vm", Snapshot.threadKind("VM Thread"));
        assertEquals("other", Snapshot.threadKind("executor-thread"));
    }
}
