package studio.ainative.bench.rlsaudit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import studio.ainative.bench.rlsaudit.OwnershipModel.ProjectState;
import studio.ainative.bench.rlsaudit.OwnershipModel.Rls;

/**
 * The database half: each service's database, connected to as its runtime role ({@code <service>_app}, as the service
 * connects), read and written under exactly the settings a request sets (platform-auth's {@code RlsTransactions}:
 * {@code app.project_id}, {@code app.user_id}, {@code app.rls_mode} with {@code set_config(..., true)}), for every
 * user of every project and every mode the policies know. What each context sees must be exactly the model's; with no
 * settings nothing at all (fail closed); another owner's rows can be neither changed nor deleted nor written; and the
 * role neither owns a table nor bypasses RLS, and every table it may touch forces RLS.
 */
final class DatabaseAudit {

    /** How to reach one service's database as its runtime role. */
    record Target(String service, String jdbcUrl, String role, String password) {
    }

    private static final List<String> ZERODB_OWNED = List.of("vectors", "vector_codes", "table_rows", "files", "file_chunks");
    private static final List<String> ZERODB_PROJECT_WIDE = List.of("namespaces", "table_defs", "rls_settings", "vector_centroids",
            "vector_list_packs");
    private static final String APPLY = "SELECT set_config('app.project_id', ?, true), set_config('app.user_id', ?, true), set_config('app.rls_mode', ?, true)";

    private final OwnershipModel model;
    private final Findings findings;

    DatabaseAudit(OwnershipModel model, Findings findings) {
        this.model = model;
        this.findings = findings;
    }

    void run(Target zerodb, Target memory, Target chat) throws SQLException {
        try (Connection c = connect(zerodb)) {
            catalog(c, zerodb);
            zerodb(c);
        }
        try (Connection c = connect(memory)) {
            catalog(c, memory);
            memory(c);
        }
        try (Connection c = connect(chat)) {
            catalog(c, chat);
            chat(c);
        }
    }

    private static Connection connect(Target target) throws SQLException {
        Connection connection = DriverManager.getConnection(target.jdbcUrl(), target.role(), target.password());
        connection.setAutoCommit(false);
        return connection;
    }

    /** The role: not superuser, no BYPASSRLS, not a member of the owner role, owns nothing; every table it may touch has ENABLE and FORCE RLS. */
    private void catalog(Connection c, Target target) throws SQLException {
        String who = target.service() + " as " + target.role();
        try (Statement s = c.createStatement()) {
            ResultSet role = s.executeQuery("SELECT rolsuper, rolbypassrls, pg_has_role(current_user, '" + target.service() + "_owner', 'MEMBER') "
                    + "FROM pg_roles WHERE rolname = current_user");
            role.next();
            findings.databaseCheck(!role.getBoolean(1) && !role.getBoolean(2), who + ": the runtime role is superuser or BYPASSRLS");
            findings.databaseCheck(!role.getBoolean(3), who + ": the runtime role is a member of " + target.service() + "_owner");
            ResultSet owned = s.executeQuery("SELECT count(*) FROM pg_class WHERE relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)");
            owned.next();
            findings.databaseCheck(owned.getLong(1) == 0, who + ": the runtime role owns " + owned.getLong(1) + " relation(s)");
            ResultSet unforced = s.executeQuery("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                    + "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND (has_table_privilege(c.oid, 'SELECT') OR has_table_privilege(c.oid, 'INSERT') "
                    + "OR has_table_privilege(c.oid, 'UPDATE') OR has_table_privilege(c.oid, 'DELETE')) AND NOT (c.relrowsecurity AND c.relforcerowsecurity)");
            List<String> names = new ArrayList<>();
            while (unforced.next()) {
                names.add(unforced.getString(1));
            }
            findings.databaseCheck(names.isEmpty(), who + ": tables the runtime role may use without ENABLE + FORCE RLS: " + names);
        }
        c.rollback();
    }

    // zerodb -------------------------------------------------------------------------------------------------------

    private void zerodb(Connection c) throws SQLException {
        for (String table : concat(ZERODB_OWNED, ZERODB_PROJECT_WIDE)) {
            findings.databaseCheck(count(c, null, table) == 0, "zerodb." + table + ": rows visible with no settings at all (not fail-closed)");
            findings.databaseCheck(count(c, new String[] {"", "", ""}, table) == 0, "zerodb." + table + ": rows visible with empty settings");
        }
        for (int p = 0; p < model.projects.size(); p++) {
            ProjectState state = model.state(p);
            String project = model.projects.get(p).id().toString();
            zerodbContext(c, p, new String[] {project, "", "project"}, null, "API key");
            for (int u = 0; u < model.userIds.size(); u++) {
                String owner = model.userOwner(u, p);
                // What the user's requests set now, then every other mode the policies name.
                String current = state.rls == Rls.OFF ? "project" : state.rls == Rls.STRICT ? "user" : "owner_write";
                for (String mode : List.of(current, "user", "owner_write", "project")) {
                    zerodbContext(c, p, new String[] {project, owner, mode}, "user".equals(mode) ? owner : null, "user u" + u + " mode " + mode);
                }
                findings.databaseCheck(count(c, new String[] {project, owner, "bogus"}, "vectors") == 0, "zerodb p" + p + " u" + u + ": an unknown mode reads vectors");
                zerodbWrites(c, p, owner, "user");
                zerodbWrites(c, p, owner, "owner_write");
            }
        }
    }

    /** One context's view of every zerodb table: {@code onlyOwner} null means the whole project. */
    private void zerodbContext(Connection c, int p, String[] settings, String onlyOwner, String who) throws SQLException {
        ProjectState state = model.state(p);
        Predicate<String> mine = owner -> onlyOwner == null || onlyOwner.equals(owner);
        String where = "zerodb p" + p + " " + who;
        Set<String> vectors = state.vectors.values().stream().filter(v -> mine.test(v.owner())).map(OwnershipModel.Vector::id).collect(Collectors.toCollection(TreeSet::new));
        expectIds(c, settings, "SELECT id FROM vectors", vectors, where + ": vectors");
        expectIds(c, settings, "SELECT id FROM vector_codes", vectors, where + ": vector_codes");
        Set<String> rows = state.tables.values().stream().flatMap(t -> t.values().stream()).filter(r -> mine.test(r.owner()))
                .map(r -> r.id().toString()).collect(Collectors.toCollection(TreeSet::new));
        expectIds(c, settings, "SELECT row_id::text FROM table_rows", rows, where + ": table_rows");
        Set<String> files = state.files.values().stream().filter(f -> mine.test(f.owner())).map(f -> f.id().toString()).collect(Collectors.toCollection(TreeSet::new));
        expectIds(c, settings, "SELECT file_id::text FROM files", files, where + ": files");
        expectIds(c, settings, "SELECT DISTINCT file_id::text FROM file_chunks", files, where + ": file_chunks");
        expectIds(c, settings, "SELECT name FROM table_defs", new TreeSet<>(state.tables.keySet()), where + ": table_defs");
        Set<String> projects = new TreeSet<>();
        for (String table : ZERODB_PROJECT_WIDE) {
            projects.addAll(ids(c, settings, "SELECT DISTINCT project_id::text FROM " + table));
        }
        findings.databaseCheck(projects.isEmpty() || projects.equals(Set.of(settings[0])), where + ": project-wide tables show other projects: " + projects);
        // Packed lists name every owner's ids: a strict end user (mode user) reads none.
        findings.databaseCheck(!"user".equals(settings[2]) || count(c, settings, "vector_list_packs") == 0,
                where + ": vector_list_packs visible in mode user");
        List<String> setting = ids(c, settings, "SELECT enabled || '/' || policy FROM rls_settings");
        findings.databaseCheck(setting.equals(List.of(state.rls.enabled + "/" + state.rls.policy)), where + ": rls_settings reads " + setting + ", the model says " + state.rls);
    }

    /** As {@code owner} in {@code mode}: another owner's rows can be neither changed nor deleted, nor written as theirs. */
    private void zerodbWrites(Connection c, int p, String owner, String mode) throws SQLException {
        String[] settings = {model.projects.get(p).id().toString(), owner, mode};
        String who = "zerodb p" + p + " " + owner + " mode " + mode;
        for (String table : List.of("vectors", "table_rows", "files")) {
            String touch = table.equals("vectors") ? "document = document" : table.equals("files") ? "metadata = metadata" : "row_data = row_data";
            expectChanged(c, settings, "UPDATE " + table + " SET " + touch + " WHERE owner_id <> current_setting('app.user_id')", 0, who + ": updated others' " + table);
            expectChanged(c, settings, "UPDATE " + table + " SET " + touch + " WHERE project_id <> current_setting('app.project_id')::uuid", 0, who + ": updated another project's " + table);
            expectChanged(c, settings, "DELETE FROM " + table + " WHERE owner_id <> current_setting('app.user_id')", 0, who + ": deleted others' " + table);
            expectRefused(c, settings, "UPDATE " + table + " SET owner_id = 'someone-else' WHERE owner_id = current_setting('app.user_id')",
                    hasOwn(p, owner, table), who + ": gave own " + table + " to someone else");
        }
        String table = model.state(p).tables.keySet().stream().findFirst().orElse(null);
        if (table != null) {
            expectRefused(c, settings, "INSERT INTO table_rows (row_id, project_id, owner_id, table_name, row_data) VALUES (gen_random_uuid(), "
                    + "current_setting('app.project_id')::uuid, 'someone-else', '" + table + "', '{}')", true, who + ": inserted a row as someone else");
        }
    }

    private boolean hasOwn(int p, String owner, String table) {
        ProjectState state = model.state(p);
        return switch (table) {
            case "vectors" -> state.vectors.values().stream().anyMatch(v -> v.owner().equals(owner));
            case "files" -> state.files.values().stream().anyMatch(f -> f.owner().equals(owner));
            default -> state.tables.values().stream().flatMap(t -> t.values().stream()).anyMatch(r -> r.owner().equals(owner));
        };
    }

    // memory -------------------------------------------------------------------------------------------------------

    private void memory(Connection c) throws SQLException {
        findings.databaseCheck(count(c, null, "memories") == 0, "memory.memories: rows visible with no settings at all (not fail-closed)");
        for (int p = 0; p < model.projects.size(); p++) {
            String project = model.projects.get(p).id().toString();
            Set<String> owners = new LinkedHashSet<>();
            for (int u = 0; u < model.userIds.size(); u++) {
                owners.add(model.userOwner(u, p));
            }
            owners.add(MemoryOps.PROJECT_OWNER);
            model.state(p).memories.values().forEach(m -> owners.add(m.owner()));
            for (String owner : owners) {
                Set<String> own = model.memoriesOf(p, owner, null).stream().map(UUID::toString).collect(Collectors.toCollection(TreeSet::new));
                expectIds(c, new String[] {project, owner, "user"}, "SELECT id::text FROM memories", own, "memory p" + p + " " + owner);
                for (String mode : List.of("project", "owner_write")) {
                    findings.databaseCheck(count(c, new String[] {project, owner, mode}, "memories") == 0, "memory p" + p + " " + owner + ": mode " + mode + " reads memories");
                }
                String[] settings = {project, owner, "user"};
                expectChanged(c, settings, "UPDATE memories SET importance = importance WHERE owner_id <> current_setting('app.user_id')", 0, "memory " + owner + ": updated others' memories");
                expectChanged(c, settings, "DELETE FROM memories WHERE owner_id <> current_setting('app.user_id')", 0, "memory " + owner + ": deleted others' memories");
                expectRefused(c, settings, "UPDATE memories SET owner_id = 'someone-else' WHERE owner_id = current_setting('app.user_id')", !own.isEmpty(),
                        "memory " + owner + ": gave own memories to someone else");
            }
            findings.databaseCheck(count(c, new String[] {project, "", "user"}, "memories") == 0, "memory p" + p + ": a context without a user reads memories");
        }
    }

    // chat ---------------------------------------------------------------------------------------------------------

    private void chat(Connection c) throws SQLException {
        findings.databaseCheck(count(c, null, "usage_records") == 0, "chat.usage_records: rows visible with no settings at all (not fail-closed)");
        for (int p = 0; p < model.projects.size(); p++) {
            String project = model.projects.get(p).id().toString();
            Map<String, List<Long>> completions = model.state(p).completions;
            long all = completions.values().stream().mapToLong(List::size).sum();
            findings.databaseCheck(count(c, new String[] {project, "", "project"}, "usage_records") == all,
                    "chat p" + p + ": the API key's context counts " + count(c, new String[] {project, "", "project"}, "usage_records") + " records, the model " + all);
            for (int u = 0; u < model.userIds.size(); u++) {
                String owner = model.userOwner(u, p);
                String[] settings = {project, owner, "user"};
                long own = completions.getOrDefault(owner, List.of()).size();
                long seen = count(c, settings, "usage_records");
                findings.databaseCheck(seen == own, "chat p" + p + " u" + u + ": counts " + seen + " usage records, the model " + own);
                findings.databaseCheck(count(c, new String[] {project, owner, "owner_write"}, "usage_records") == 0, "chat p" + p + " u" + u + ": mode owner_write reads usage");
                expectRefused(c, settings, "UPDATE usage_records SET total_tokens = total_tokens", true, "chat " + owner + ": updated usage (no UPDATE grant expected)");
                expectRefused(c, settings, "INSERT INTO usage_records (id, project_id, owner_id, model, upstream, upstream_model, prompt_tokens, completion_tokens, "
                        + "total_tokens, latency_ms, status, streamed, created_at, usage_day) VALUES (gen_random_uuid(), current_setting('app.project_id')::uuid, "
                        + "'someone-else', 'm', 'u', 'm', 0, 0, 0, 0, 200, false, now(), current_date)", true, "chat " + owner + ": appended usage as someone else");
            }
        }
    }

    // statements under a context --------------------------------------------------------------------------------------

    /** Runs in a fresh transaction with {@code settings} applied (null: none at all), rolled back afterwards. */
    private List<String> ids(Connection c, String[] settings, String sql) throws SQLException {
        try {
            apply(c, settings);
            List<String> ids = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        } finally {
            c.rollback();
        }
    }

    private long count(Connection c, String[] settings, String table) throws SQLException {
        return Long.parseLong(ids(c, settings, "SELECT count(*) FROM " + table).get(0));
    }

    private void expectIds(Connection c, String[] settings, String sql, Set<String> expected, String what) throws SQLException {
        List<String> seen = ids(c, settings, sql);
        Set<String> extra = new TreeSet<>(seen);
        extra.removeAll(expected);
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(seen);
        findings.databaseCheck(extra.isEmpty(), what + ": " + extra.size() + " row(s) the model does not give this context, e.g. " + extra.stream().limit(3).toList());
        findings.databaseCheck(missing.isEmpty(), what + ": " + missing.size() + " row(s) of the model missing, e.g. " + missing.stream().limit(3).toList());
    }

    private void expectChanged(Connection c, String[] settings, String sql, int expected, String what) throws SQLException {
        try {
            apply(c, settings);
            try (Statement s = c.createStatement()) {
                int changed = s.executeUpdate(sql);
                findings.databaseCheck(changed == expected, what + ": " + changed + " row(s)");
            } catch (SQLException e) {
                // Refused outright (no privilege or a policy): nothing changed either.
                findings.databaseCheck("42501".equals(e.getSQLState()), what + ": failed with " + e.getSQLState() + " " + e.getMessage());
            }
        } finally {
            c.rollback();
        }
    }

    /** A statement PostgreSQL must refuse (42501: a policy's WITH CHECK, or no privilege); {@code applies} false: it may also change nothing. */
    private void expectRefused(Connection c, String[] settings, String sql, boolean applies, String what) throws SQLException {
        try {
            apply(c, settings);
            try (Statement s = c.createStatement()) {
                int changed = s.executeUpdate(sql);
                findings.databaseCheck(!applies && changed == 0, what + ": " + changed + " row(s)");
            } catch (SQLException e) {
                findings.databaseCheck("42501".equals(e.getSQLState()), what + ": failed with " + e.getSQLState() + " rather than 42501: " + e.getMessage());
            }
        } finally {
            c.rollback();
        }
    }

    private static void apply(Connection c, String[] settings) throws SQLException {
        if (settings == null) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement(APPLY)) {
            s.setString(1, settings[0]);
            s.setString(2, settings[1]);
            s.setString(3, settings[2]);
            s.execute();
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
