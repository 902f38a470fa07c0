package studio.ainative.zerodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.PoolOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import studio.ainative.platform.auth.rls.RlsContext;
import studio.ainative.platform.auth.rls.RlsMode;
import studio.ainative.platform.auth.rls.RlsTransactions;
import studio.ainative.platform.testing.IdentityServiceResource;

/**
 * The database itself refuses: connected directly as the runtime role {@code zerodb_app} (no zerodb code
 * in between), with the settings platform-auth's {@link RlsTransactions} applies for each {@link RlsMode}
 * (so the policies and the library agree on every mode's string), with settings it never applies, or with
 * none. Rows are seeded as the superuser, which RLS does not apply to. The application is started only so
 * that Flyway has migrated.
 */
@QuarkusTest
@QuarkusTestResource(IdentityServiceResource.class)
class DatabaseRlsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final UUID PROJECT = UUID.randomUUID();
    private static final UUID OTHER_PROJECT = UUID.randomUUID();
    private static final String ALICE = "user-alice-" + UUID.randomUUID();
    private static final String BOB = "user-bob-" + UUID.randomUUID();
    private static final String OWNED_TABLES_QUERY = "SELECT 'vectors:' || id FROM vectors UNION ALL SELECT 'codes:' || id FROM vector_codes "
            + "UNION ALL SELECT 'rows:' || (row_data->>'n') FROM table_rows UNION ALL SELECT 'files:' || file_name FROM files "
            + "UNION ALL SELECT 'chunks:' || encode(data, 'escape') FROM file_chunks ORDER BY 1";

    private static Vertx vertx;
    /** One connection, so a transaction without settings runs right after one that had them. */
    private static Pool app;

    @BeforeAll
    static void seed() {
        vertx = Vertx.vertx();
        app = pool("zerodb_app", "zerodb_app_local");
        Pool admin = pool("postgres", null);
        try {
            for (Object[] seed : new Object[][] {{PROJECT, ALICE, "a"}, {PROJECT, BOB, "b"}, {OTHER_PROJECT, ALICE, "x"}}) {
                UUID project = (UUID) seed[0];
                String owner = (String) seed[1];
                String tag = (String) seed[2];
                String vectorId = tag + "-" + UUID.randomUUID();
                UUID fileId = UUID.randomUUID();
                run(admin, "INSERT INTO namespaces (project_id, namespace, dims) VALUES ($1, 'default', 2) ON CONFLICT DO NOTHING",
                        Tuple.of(project));
                run(admin, "INSERT INTO vectors (project_id, id, owner_id, namespace, dims, embedding, norm) "
                        + "VALUES ($1, $2, $3, 'default', 2, '\\x0000803f0000803f'::bytea, 1.41)", Tuple.of(project, vectorId, owner));
                run(admin, "INSERT INTO vector_codes (project_id, id, owner_id, namespace, code) VALUES ($1, $2, $3, 'default', B'11')",
                        Tuple.of(project, vectorId, owner));
                run(admin, "INSERT INTO table_defs (project_id, name, owner_id) VALUES ($1, 'notes', 'api_key:seed') ON CONFLICT DO NOTHING",
                        Tuple.of(project));
                run(admin, "INSERT INTO table_rows (row_id, project_id, owner_id, table_name, row_data) "
                        + "VALUES (gen_random_uuid(), $1, $2, 'notes', jsonb_build_object('n', $3::text))", Tuple.of(project, owner, tag));
                run(admin, "INSERT INTO files (file_id, project_id, owner_id, file_name, content_type, size_bytes, sha256, chunk_count) "
                        + "VALUES ($1, $2, $3, $4, 'text/plain', 1, 'x', 1)", Tuple.of(fileId, project, owner, tag));
                run(admin, "INSERT INTO file_chunks (file_id, seq, project_id, owner_id, data) VALUES ($1, 0, $2, $3, convert_to($4, 'UTF8'))",
                        Tuple.of(fileId, project, owner, tag));
            }
        } finally {
            admin.closeAndAwait();
        }
    }

    private static void run(Pool pool, String sql, Tuple params) {
        pool.preparedQuery(sql).execute(params).await().atMost(WAIT);
    }

    @AfterAll
    static void close() {
        app.closeAndAwait();
        vertx.closeAndAwait();
    }

    private static Pool pool(String user, String password) {
        // The database the application under test uses, whatever the test profile or the environment names.
        PgConnectOptions connect = PgConnectOptions.fromUri(ConfigProvider.getConfig().getValue("quarkus.datasource.reactive.url", String.class))
                .setUser(user);
        if (password != null) {
            connect.setPassword(password);
        }
        return Pool.newInstance(PgBuilder.pool().with(new PoolOptions().setMaxSize(1)).connectingTo(connect)
                .using(vertx.getDelegate()).build());
    }

    /** Work under the settings the library applies; {@code null}: a transaction with no settings at all. */
    private static <T> T in(RlsContext context, Function<SqlConnection, Uni<T>> work) {
        Uni<T> result = context == null ? app.withTransaction(work) : RlsTransactions.withRls(app, context, work);
        return result.await().atMost(WAIT);
    }

    /** Work under an {@code app.rls_mode} the library never applies. */
    private static <T> T inRawMode(UUID project, String user, String mode, Function<SqlConnection, Uni<T>> work) {
        return app.withTransaction(connection -> connection.preparedQuery("SELECT set_config('app.project_id', $1, true), "
                        + "set_config('app.user_id', $2, true), set_config('app.rls_mode', $3, true)")
                .execute(Tuple.of(project.toString(), user, mode))
                .chain(() -> work.apply(connection))).await().atMost(WAIT);
    }

    private static List<String> visible(RlsContext context) {
        return in(context, DatabaseRlsTest::ownedRows);
    }

    private static Uni<List<String>> ownedRows(SqlConnection connection) {
        return connection.query(OWNED_TABLES_QUERY).execute().map(DatabaseRlsTest::strings);
    }

    private static List<String> strings(RowSet<Row> rows) {
        List<String> out = new ArrayList<>();
        rows.forEach(row -> out.add(row.getString(0).replaceAll("-[0-9a-f-]{36}$", "")));
        return out;
    }

    /** How many rows of {@code table} the context sees. */
    private static long rows(RlsContext context, String table) {
        return in(context, c -> c.query("SELECT count(*) AS n FROM " + table).execute().map(r -> r.iterator().next().getLong("n")));
    }

    private static int update(RlsContext context, String sql) {
        return in(context, connection -> connection.query(sql).execute().map(RowSet::rowCount));
    }

    private static List<String> all(String tag) {
        return List.of("chunks:" + tag, "codes:" + tag, "files:" + tag, "rows:" + tag, "vectors:" + tag);
    }

    @Test
    void strictUserReadsOnlyTheirOwnRowsInEveryTable() {
        assertEquals(all("a"), visible(new RlsContext(PROJECT, ALICE, RlsMode.USER)));
    }

    @Test
    void anotherUsersContextReadsNoneOfTheirRows() {
        assertEquals(all("b"), visible(new RlsContext(PROJECT, BOB, RlsMode.USER)));
        assertEquals(List.of(), visible(new RlsContext(PROJECT, "user-mallory-" + UUID.randomUUID(), RlsMode.USER)));
    }

    @Test
    void noContextReadsNothingEvenRightAfterATransactionThatHadOne() {
        assertFalse(visible(new RlsContext(PROJECT, ALICE, RlsMode.PROJECT)).isEmpty());
        assertEquals(List.of(), visible(null));
        assertEquals(List.of(), in(null, c -> c.query("SELECT namespace FROM namespaces UNION ALL SELECT name FROM table_defs "
                + "UNION ALL SELECT policy FROM rls_settings").execute().map(DatabaseRlsTest::strings)));
    }

    @Test
    void projectModeReadsTheWholeProjectAndNothingOfAnother() {
        List<String> seen = visible(new RlsContext(PROJECT, "", RlsMode.PROJECT));
        assertEquals(10, seen.size());
        assertTrue(seen.containsAll(all("a")) && seen.containsAll(all("b")));
        assertEquals(all("x"), visible(new RlsContext(OTHER_PROJECT, "", RlsMode.PROJECT)));
    }

    @Test
    void anUnknownModeReadsNothing() {
        assertEquals(List.of(), inRawMode(PROJECT, ALICE, "", DatabaseRlsTest::ownedRows));
        assertEquals(List.of(), inRawMode(PROJECT, ALICE, "admin", DatabaseRlsTest::ownedRows));
        assertEquals(List.of(), inRawMode(PROJECT, ALICE, "OWNER_WRITE", DatabaseRlsTest::ownedRows));
    }

    @Test
    void ownerWriteReadsTheWholeProjectAndNothingOfAnother() {
        List<String> seen = visible(new RlsContext(PROJECT, ALICE, RlsMode.OWNER_WRITE));
        assertEquals(10, seen.size());
        assertTrue(seen.containsAll(all("a")) && seen.containsAll(all("b")));
        assertFalse(seen.stream().anyMatch(row -> row.endsWith(":x")), seen.toString());
    }

    @Test
    void ownerWriteChangesOnlyOwnRows() {
        RlsContext alice = new RlsContext(PROJECT, ALICE, RlsMode.OWNER_WRITE);
        assertEquals(0, update(alice, "UPDATE table_rows SET row_data = '{\"n\": \"hijacked\"}' WHERE row_data->>'n' = 'b'"));
        assertEquals(0, update(alice, "DELETE FROM files WHERE file_name = 'b'"));
        assertEquals(1, update(alice, "UPDATE table_rows SET updated_at = now() WHERE row_data->>'n' = 'a'"));
        assertEquals(all("b"), visible(new RlsContext(PROJECT, BOB, RlsMode.USER)));
    }

    @ParameterizedTest
    @EnumSource(value = RlsMode.class, names = {"USER", "OWNER_WRITE"})
    void writingARowOwnedBySomeoneElseIsRefused(RlsMode mode) {
        RlsContext alice = new RlsContext(PROJECT, ALICE, mode);
        PgException refused = assertThrows(PgException.class, () -> update(alice,
                "INSERT INTO table_rows (row_id, project_id, owner_id, table_name, row_data) VALUES (gen_random_uuid(), '"
                        + PROJECT + "', '" + BOB + "', 'notes', '{}')"));
        assertEquals("42501", refused.getSqlState());
        // Taking over one's own row for someone else fails the WITH CHECK as well.
        refused = assertThrows(PgException.class, () -> update(alice, "UPDATE files SET owner_id = '" + BOB + "' WHERE file_name = 'a'"));
        assertEquals("42501", refused.getSqlState());
        // Rows of others are not there to update or delete.
        assertEquals(0, update(alice, "DELETE FROM vectors WHERE owner_id = '" + BOB + "'"));
        assertEquals(all("a"), visible(new RlsContext(PROJECT, ALICE, RlsMode.USER)));
        assertEquals(all("b"), visible(new RlsContext(PROJECT, BOB, RlsMode.USER)));
    }

    @Test
    void writingIntoAnotherProjectIsRefusedEvenInProjectMode() {
        PgException refused = assertThrows(PgException.class, () -> update(new RlsContext(PROJECT, "", RlsMode.PROJECT),
                "INSERT INTO table_rows (row_id, project_id, owner_id, table_name, row_data) VALUES (gen_random_uuid(), '"
                        + OTHER_PROJECT + "', 'api_key:x', 'notes', '{}')"));
        assertEquals("42501", refused.getSqlState());
    }

    @Test
    void onlyAnApiKeyContextMayWriteTheRlsSettingAndOnlyProjectModeTableDefinitions() {
        String setting = "INSERT INTO rls_settings (project_id, enabled, user_id_claim, policy) VALUES ('" + PROJECT
                + "', true, 'sub', 'strict') ON CONFLICT (project_id) DO UPDATE SET enabled = true";
        assertEquals("42501", assertThrows(PgException.class, () -> update(new RlsContext(PROJECT, ALICE, RlsMode.PROJECT), setting)).getSqlState());
        assertEquals("42501", assertThrows(PgException.class, () -> update(new RlsContext(PROJECT, ALICE, RlsMode.USER), setting)).getSqlState());
        assertEquals(1, update(new RlsContext(PROJECT, "", RlsMode.PROJECT), setting));
        String table = "INSERT INTO table_defs (project_id, name, owner_id) VALUES ('" + PROJECT + "', 'mine', '" + ALICE + "')";
        assertEquals("42501", assertThrows(PgException.class, () -> update(new RlsContext(PROJECT, ALICE, RlsMode.USER), table)).getSqlState());
        assertEquals("42501", assertThrows(PgException.class, () -> update(new RlsContext(PROJECT, ALICE, RlsMode.OWNER_WRITE), table)).getSqlState());
    }

    @Test
    void theRuntimeRoleHoldsNoPrivilegeTheServiceNeverUses() {
        Row privileges = in(null, c -> c.query("SELECT has_table_privilege('vector_codes', 'DELETE') AS codes_delete, "
                + "has_table_privilege('file_chunks', 'UPDATE') AS chunks_update, has_table_privilege('file_chunks', 'DELETE') AS chunks_delete, "
                + "has_table_privilege('table_defs', 'UPDATE') AS defs_update, has_table_privilege('vector_codes', 'UPDATE') AS codes_update, "
                + "has_table_privilege('table_defs', 'DELETE') AS defs_delete").execute().map(rows -> rows.iterator().next()));
        assertFalse(privileges.getBoolean("codes_delete"));
        assertFalse(privileges.getBoolean("chunks_update"));
        assertFalse(privileges.getBoolean("chunks_delete"));
        assertFalse(privileges.getBoolean("defs_update"));
        // Still held: upserts update codes, tables are dropped.
        assertTrue(privileges.getBoolean("codes_update"));
        assertTrue(privileges.getBoolean("defs_delete"));
        PgException refused = assertThrows(PgException.class, () -> update(new RlsContext(PROJECT, "", RlsMode.PROJECT),
                "DELETE FROM file_chunks"));
        assertEquals("42501", refused.getSqlState());
        // Index maintenance: centroids are stored and retired, never changed; of a namespace only the index columns change.
        Row index = in(null, c -> c.query("SELECT has_table_privilege('vector_centroids', 'UPDATE') AS centroids_update, "
                + "has_table_privilege('vector_centroids', 'DELETE') AS centroids_delete, has_table_privilege('namespaces', 'UPDATE') AS ns_update, "
                + "has_column_privilege('namespaces', 'dims', 'UPDATE') AS dims_update, "
                + "has_column_privilege('namespaces', 'ivf_version', 'UPDATE') AS version_update").execute().map(rows -> rows.iterator().next()));
        assertFalse(index.getBoolean("centroids_update"));
        assertTrue(index.getBoolean("centroids_delete"));
        assertFalse(index.getBoolean("ns_update"));
        assertFalse(index.getBoolean("dims_update"));
        assertTrue(index.getBoolean("version_update"));
        assertEquals("42501", assertThrows(PgException.class, () -> update(new RlsContext(PROJECT, "", RlsMode.PROJECT),
                "UPDATE namespaces SET dims = 3")).getSqlState());
    }

    @Test
    void onlyProjectModeMaintainsTheVectorIndexAndCentroidsStayInTheirProject() {
        String centroid = "INSERT INTO vector_centroids (project_id, namespace, version, list, centroid) VALUES ('" + PROJECT
                + "', 'default', 1, 0, '\\x0000803f0000803f'::bytea)";
        for (RlsMode mode : new RlsMode[] {RlsMode.USER, RlsMode.OWNER_WRITE}) {
            assertEquals("42501", assertThrows(PgException.class, () -> update(new RlsContext(PROJECT, ALICE, mode), centroid)).getSqlState());
            assertEquals(0, update(new RlsContext(PROJECT, ALICE, mode), "UPDATE namespaces SET ivf_version = 7"));
        }
        assertEquals("42501", assertThrows(PgException.class, () -> update(new RlsContext(OTHER_PROJECT, "", RlsMode.PROJECT), centroid))
                .getSqlState());
        in(new RlsContext(PROJECT, "", RlsMode.PROJECT), c -> c.query(centroid + " ON CONFLICT DO NOTHING").execute());
        // Every mode of the project reads them (any caller's upsert assigns a list); another project reads none.
        for (RlsMode mode : RlsMode.values()) {
            assertEquals(1L, rows(new RlsContext(PROJECT, mode == RlsMode.PROJECT ? "" : ALICE, mode), "vector_centroids"));
        }
        assertEquals(0L, rows(new RlsContext(OTHER_PROJECT, "", RlsMode.PROJECT), "vector_centroids"));
        assertEquals(0L, rows(null, "vector_centroids"));
    }

    @Test
    void packedListsAreWrittenInProjectModeAndReadOnlyByTheModesThatReadTheWholeProject() {
        String pack = "INSERT INTO vector_list_packs (project_id, namespace, packed_through, list, entries, ids, codes) VALUES ('" + PROJECT
                + "', 'default', 1, 0, 1, '\\x0005626f622d31'::bytea, '\\x00'::bytea)";
        for (RlsMode mode : new RlsMode[] {RlsMode.USER, RlsMode.OWNER_WRITE}) {
            assertEquals("42501", assertThrows(PgException.class, () -> update(new RlsContext(PROJECT, ALICE, mode), pack)).getSqlState());
            assertEquals(0, update(new RlsContext(PROJECT, ALICE, mode), "UPDATE namespaces SET ivf_packed_through = 7"));
        }
        assertEquals("42501", assertThrows(PgException.class, () -> update(new RlsContext(OTHER_PROJECT, "", RlsMode.PROJECT), pack))
                .getSqlState());
        in(new RlsContext(PROJECT, "", RlsMode.PROJECT), c -> c.query(pack + " ON CONFLICT DO NOTHING").execute());
        // A pack names every owner's ids: a strict end user (mode user) reads none, the project-wide modes read it.
        assertEquals(0L, rows(new RlsContext(PROJECT, ALICE, RlsMode.USER), "vector_list_packs"));
        assertEquals(1L, rows(new RlsContext(PROJECT, ALICE, RlsMode.OWNER_WRITE), "vector_list_packs"));
        assertEquals(1L, rows(new RlsContext(PROJECT, "", RlsMode.PROJECT), "vector_list_packs"));
        assertEquals(0L, rows(new RlsContext(OTHER_PROJECT, "", RlsMode.PROJECT), "vector_list_packs"));
        assertEquals(0L, rows(null, "vector_list_packs"));
        assertEquals(0, update(new RlsContext(PROJECT, ALICE, RlsMode.OWNER_WRITE), "DELETE FROM vector_list_packs"));
        assertEquals(1, update(new RlsContext(PROJECT, "", RlsMode.PROJECT), "DELETE FROM vector_list_packs"));
    }

    @Test
    void theRuntimeRoleCanNeitherBypassNorDisableRowLevelSecurity() {
        Row role = in(null, c -> c.query("SELECT rolsuper, rolbypassrls, "
                + "(SELECT bool_or(tableowner = current_user) FROM pg_tables WHERE schemaname = 'public') AS owns, "
                + "(SELECT bool_and(relrowsecurity AND relforcerowsecurity) FROM pg_class WHERE relnamespace = 'public'::regnamespace "
                + "AND relkind = 'r' AND relname <> 'flyway_schema_history') AS forced "
                + "FROM pg_roles WHERE rolname = current_user").execute().map(rows -> rows.iterator().next()));
        assertFalse(role.getBoolean("rolsuper"));
        assertFalse(role.getBoolean("rolbypassrls"));
        assertFalse(role.getBoolean("owns"));
        assertTrue(role.getBoolean("forced"));
        PgException refused = assertThrows(PgException.class, () -> update(null, "ALTER TABLE vectors DISABLE ROW LEVEL SECURITY"));
        assertEquals("42501", refused.getSqlState());
        refused = assertThrows(PgException.class, () -> update(null, "SET row_security = off; SELECT 1 FROM vectors"));
        assertEquals("42501", refused.getSqlState());
    }
}
