package studio.ainative.bench.chaos;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The ledger audit's negative control. A "0 lost" over the load's writes means something only if the same audit
 * finds a write that is lost. So, after the load, the suite makes writes of its own through the API, as a user of
 * its own, in a namespace, memory text and file names of their own. It then damages some of them at the database as
 * the superuser, and audits all of them with the same {@link LedgerAudit}:
 * <ul>
 *   <li>one vector deleted (LOST: not at the database);</li>
 *   <li>one vector's embedding overwritten with zeros (LOST: it reads back different through the API);</li>
 *   <li>one batch with a vector's sign code deleted (PARTIAL);</li>
 *   <li>one memory deleted (LOST);</li>
 *   <li>one file with a chunk deleted (PARTIAL).</li>
 * </ul>
 * One write of each kind is left alone and must be KEPT. The claim holds when every write gets the verdict planted.
 */
final class AuditControl {

    /** One control write and the verdict its damage (or none) must draw. */
    record Planted(Ledger.Write write, LedgerAudit.Verdict expected, String damage) {
    }

    private static final Map<Workload.Op, Integer> WRITES = new EnumMap<>(Map.of(
            Workload.Op.VECTOR_UPSERT, 3, Workload.Op.VECTOR_BATCH, 2, Workload.Op.MEMORY_REMEMBER, 2, Workload.Op.FILE_UPLOAD, 2));
    private static final int ATTEMPTS_PER_WRITE = 4;

    private final Http http;
    private final Stack stack;
    private final String run;

    /** {@code run}: the suite's run; the control's writes carry a run id of their own derived from it. */
    AuditControl(Http http, Stack stack, String run) {
        this.http = http;
        this.stack = stack;
        this.run = run + "c";
    }

    /** Writes, damages and audits; the report's {@code check} says whether every verdict was the planted one. */
    Map<String, Object> run(Users.User user) throws Exception {
        Ledger ledger = new Ledger();
        Workload writer = new Workload(http, stack, new Recorder(), ledger, run, List.of(user), 1);
        Random random = new Random(run.hashCode());
        List<Map.Entry<String, String>> files = new ArrayList<>();
        Map<Workload.Op, List<Ledger.Write>> acked = new EnumMap<>(Workload.Op.class);
        for (Map.Entry<Workload.Op, Integer> wanted : WRITES.entrySet()) {
            for (int attempt = 0; attempt < wanted.getValue() * ATTEMPTS_PER_WRITE
                    && count(acked, wanted.getKey()) < wanted.getValue(); attempt++) {
                int before = ledger.all().size();
                try {
                    writer.execute(wanted.getKey(), user, random, files);
                } catch (IOException | RuntimeException e) {
                    continue; // not written to the ledger: tried again
                }
                List<Ledger.Write> all = ledger.all();
                Ledger.Write last = all.size() > before ? all.get(all.size() - 1) : null;
                if (last != null && last.acked()) {
                    acked.computeIfAbsent(wanted.getKey(), k -> new ArrayList<>()).add(last);
                }
            }
            if (count(acked, wanted.getKey()) < wanted.getValue()) {
                return report(List.of(), Check.of(CLAIM, false, "the control's " + wanted.getKey().label()
                        + " writes were not acknowledged: the stack was not healthy after the faults"));
            }
        }
        List<Planted> planted = damage(acked, writer.namespace());
        List<LedgerAudit.Outcome> outcomes = new LedgerAudit(http, stack, run, writer.namespace())
                .audit(planted.stream().map(Planted::write).toList());
        List<String> wrong = new ArrayList<>();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < planted.size(); i++) {
            Planted p = planted.get(i);
            LedgerAudit.Outcome o = outcomes.get(i);
            if (o.verdict() != p.expected()) {
                wrong.add(p.write().kind() + " " + p.write().ids() + " (" + p.damage() + "): " + o.verdict() + ", planted " + p.expected());
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("kind", p.write().kind().name());
            row.put("damage", p.damage());
            row.put("planted", p.expected().name());
            row.put("verdict", o.verdict().name());
            row.put("detail", o.detail());
            rows.add(row);
        }
        long damaged = planted.stream().filter(p -> p.expected() != LedgerAudit.Verdict.KEPT).count();
        return report(rows, Check.of(CLAIM, wrong.isEmpty(), damaged + " damaged and " + (planted.size() - damaged)
                + " untouched control writes, " + (wrong.isEmpty() ? "each judged as planted" : "judged otherwise: " + wrong)));
    }

    private static final String CLAIM = "the audit finds planted damage (control writes lost, partial and kept)";

    private List<Planted> damage(Map<Workload.Op, List<Ledger.Write>> acked, String namespace) throws SQLException {
        Ledger.Write deleted = acked.get(Workload.Op.VECTOR_UPSERT).get(0);
        Ledger.Write zeroed = acked.get(Workload.Op.VECTOR_UPSERT).get(1);
        Ledger.Write shortOfCode = acked.get(Workload.Op.VECTOR_BATCH).get(0);
        Ledger.Write forgotten = acked.get(Workload.Op.MEMORY_REMEMBER).get(0);
        Ledger.Write shortOfChunk = acked.get(Workload.Op.FILE_UPLOAD).get(0);
        try (Connection zerodb = LedgerAudit.superuser(stack, "zerodb"); Connection memory = LedgerAudit.superuser(stack, "memory")) {
            once(zerodb, "DELETE FROM vectors WHERE namespace = ? AND id = ?", namespace, deleted.ids().get(0));
            once(zerodb, "UPDATE vectors SET embedding = decode(repeat('00', 4 * dims), 'hex') WHERE namespace = ? AND id = ?",
                    namespace, zeroed.ids().get(0));
            once(zerodb, "DELETE FROM vector_codes WHERE namespace = ? AND id = ?", namespace, shortOfCode.ids().get(0));
            once(memory, "DELETE FROM memories WHERE id = ?::uuid", forgotten.ids().get(0));
            once(zerodb, "DELETE FROM file_chunks WHERE file_id = ?::uuid AND seq = (SELECT min(seq) FROM file_chunks WHERE file_id = ?::uuid)",
                    shortOfChunk.ids().get(0), shortOfChunk.ids().get(0));
        }
        return List.of(
                new Planted(deleted, LedgerAudit.Verdict.LOST, "vector deleted"),
                new Planted(zeroed, LedgerAudit.Verdict.LOST, "embedding overwritten with zeros"),
                new Planted(acked.get(Workload.Op.VECTOR_UPSERT).get(2), LedgerAudit.Verdict.KEPT, "none"),
                new Planted(shortOfCode, LedgerAudit.Verdict.PARTIAL, "a vector's sign code deleted"),
                new Planted(acked.get(Workload.Op.VECTOR_BATCH).get(1), LedgerAudit.Verdict.KEPT, "none"),
                new Planted(forgotten, LedgerAudit.Verdict.LOST, "memory deleted"),
                new Planted(acked.get(Workload.Op.MEMORY_REMEMBER).get(1), LedgerAudit.Verdict.KEPT, "none"),
                new Planted(shortOfChunk, LedgerAudit.Verdict.PARTIAL, "a chunk deleted"),
                new Planted(acked.get(Workload.Op.FILE_UPLOAD).get(1), LedgerAudit.Verdict.KEPT, "none"));
    }

    /** One statement that must change exactly one row: a control that damaged nothing would prove nothing. */
    private static void once(Connection db, String sql, String... parameters) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            int changed = statement.executeUpdate();
            if (changed != 1) {
                throw new IllegalStateException("the control's damage changed " + changed + " rows, not one: " + sql);
            }
        }
    }

    private static int count(Map<Workload.Op, List<Ledger.Write>> acked, Workload.Op op) {
        return acked.getOrDefault(op, List.of()).size();
    }

    private static Map<String, Object> report(List<Map<String, Object>> rows, Check check) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("writes", rows);
        report.put("check", check);
        return report;
    }
}
