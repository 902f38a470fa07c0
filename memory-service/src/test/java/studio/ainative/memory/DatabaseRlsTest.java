package studio.ainative.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import studio.ainative.memory.fixtures.Rows;
import studio.ainative.platform.auth.rls.RlsContext;
import studio.ainative.platform.auth.rls.RlsMode;
import studio.ainative.platform.testing.IdentityServiceResource;

/**
 * The database itself refuses: connected directly as the runtime role {@code memory_app} (no memory code in
 * between), with the settings platform-auth's RlsTransactions applies (mode strings from {@link RlsMode}),
 * with settings the service never applies, or with none. Rows are seeded as the superuser, which RLS does not
 * apply to. The application is started only so that Flyway has migrated.
 */
@QuarkusTest
@QuarkusTestResource(IdentityServiceResource.class)
class DatabaseRlsTest {

    private static final UUID PROJECT = UUID.randomUUID();
    private static final UUID OTHER_PROJECT = UUID.randomUUID();
    private static final String ALICE = "idp:user-alice-" + UUID.randomUUID();
    private static final String BOB = "idp:user-bob-" + UUID.randomUUID();

    @BeforeAll
    static void seed() throws SQLException {
        try (Connection admin = DriverManager.getConnection(Rows.url(), "postgres", "")) {
            insert(admin, PROJECT, ALICE, "alice's");
            insert(admin, PROJECT, BOB, "bob's");
            insert(admin, OTHER_PROJECT, ALICE, "alice's in another project");
        }
    }

    private static void insert(Connection connection, UUID project, String owner, String content) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO memories (id, project_id, owner_id, entity_name, memory_type, "
                + "content, content_hash, importance, embedding, norm, code, created_at, updated_at, last_accessed_at) "
                + "VALUES (?, ?, ?, 'e', 'episodic', ?, ?, 0.5, '\\x0000803f'::bytea, 1, B'1', now(), now(), now())")) {
            insert.setObject(1, UUID.randomUUID());
            insert.setObject(2, project);
            insert.setString(3, owner);
            insert.setString(4, content);
            insert.setString(5, UUID.randomUUID().toString());
            insert.executeUpdate();
        }
    }

    private static Connection app() throws SQLException {
        Connection connection = DriverManager.getConnection(Rows.url(), "memory_app", "memory_app_local");
        connection.setAutoCommit(false);
        return connection;
    }

    private static void apply(Connection connection, UUID project, String user, String mode) throws SQLException {
        try (PreparedStatement set = connection.prepareStatement(
                "SELECT set_config('app.project_id', ?, true), set_config('app.user_id', ?, true), set_config('app.rls_mode', ?, true)")) {
            set.setString(1, project.toString());
            set.setString(2, user);
            set.setString(3, mode);
            set.executeQuery().close();
        }
    }

    private static void apply(Connection connection, RlsContext context) throws SQLException {
        apply(connection, context.projectId(), context.userId(), context.mode().setting());
    }

    private static List<String> contents(Connection connection) throws SQLException {
        List<String> found = new ArrayList<>();
        try (ResultSet rows = connection.createStatement().executeQuery("SELECT content FROM memories ORDER BY content")) {
            while (rows.next()) {
                found.add(rows.getString(1));
            }
        }
        return found;
    }

    @Test
    void aUserContextReadsOnlyThatUsersMemoriesOfThatProject() throws SQLException {
        try (Connection connection = app()) {
            apply(connection, new RlsContext(PROJECT, ALICE, RlsMode.USER));
            assertEquals(List.of("alice's"), contents(connection));
            connection.rollback();
            apply(connection, new RlsContext(PROJECT, BOB, RlsMode.USER));
            assertEquals(List.of("bob's"), contents(connection));
            connection.rollback();
        }
    }

    @Test
    void anotherUsersContextReadsNothingOfTheirs() throws SQLException {
        try (Connection connection = app()) {
            apply(connection, new RlsContext(PROJECT, "idp:user-mallory", RlsMode.USER));
            assertEquals(List.of(), contents(connection));
            connection.rollback();
        }
    }

    @Test
    void noContextReadsNothingEvenRightAfterATransactionThatHadOne() throws SQLException {
        try (Connection connection = app()) {
            apply(connection, new RlsContext(PROJECT, ALICE, RlsMode.USER));
            assertEquals(1, contents(connection).size());
            connection.commit();
            assertEquals(List.of(), contents(connection));
            connection.rollback();
        }
    }

    @Test
    void modesOtherThanUserReadNothing() throws SQLException {
        try (Connection connection = app()) {
            for (RlsMode mode : new RlsMode[] {RlsMode.PROJECT, RlsMode.OWNER_WRITE}) {
                apply(connection, new RlsContext(PROJECT, ALICE, mode));
                assertEquals(List.of(), contents(connection), mode.setting());
                connection.rollback();
            }
            apply(connection, PROJECT, ALICE, "anything");
            assertEquals(List.of(), contents(connection));
            connection.rollback();
        }
    }

    @Test
    void writingAMemoryForAnotherOwnerOrProjectIsRefused() throws SQLException {
        try (Connection connection = app()) {
            apply(connection, new RlsContext(PROJECT, ALICE, RlsMode.USER));
            assertEquals("42501", assertThrows(SQLException.class, () -> insert(connection, PROJECT, BOB, "planted")).getSQLState());
            connection.rollback();
            apply(connection, new RlsContext(PROJECT, ALICE, RlsMode.USER));
            assertEquals("42501", assertThrows(SQLException.class, () -> insert(connection, OTHER_PROJECT, ALICE, "planted")).getSQLState());
            connection.rollback();
        }
    }

    @Test
    void reowningOrTouchingAnotherOwnersMemoryIsRefusedOrMatchesNothing() throws SQLException {
        try (Connection connection = app()) {
            apply(connection, new RlsContext(PROJECT, ALICE, RlsMode.USER));
            PreparedStatement reown = connection.prepareStatement("UPDATE memories SET owner_id = ?");
            reown.setString(1, BOB);
            assertEquals("42501", assertThrows(SQLException.class, reown::executeUpdate).getSQLState());
            connection.rollback();
            apply(connection, new RlsContext(PROJECT, ALICE, RlsMode.USER));
            PreparedStatement update = connection.prepareStatement("UPDATE memories SET content = 'x' WHERE owner_id = ?");
            update.setString(1, BOB);
            assertEquals(0, update.executeUpdate());
            PreparedStatement delete = connection.prepareStatement("DELETE FROM memories WHERE owner_id = ?");
            delete.setString(1, BOB);
            assertEquals(0, delete.executeUpdate());
            connection.rollback();
        }
    }

    @Test
    void theRuntimeRoleIsNotOwnerNotBypassRlsAndCannotDisableIt() throws SQLException {
        try (Connection connection = app()) {
            ResultSet role = connection.createStatement().executeQuery(
                    "SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user");
            role.next();
            assertFalse(role.getBoolean(1));
            assertFalse(role.getBoolean(2));
            ResultSet owner = connection.createStatement().executeQuery(
                    "SELECT tableowner = current_user FROM pg_tables WHERE tablename = 'memories'");
            owner.next();
            assertFalse(owner.getBoolean(1));
            assertThrows(SQLException.class, () -> connection.createStatement().execute("ALTER TABLE memories DISABLE ROW LEVEL SECURITY"));
            connection.rollback();
            assertThrows(SQLException.class, () -> connection.createStatement().execute("ALTER TABLE memories NO FORCE ROW LEVEL SECURITY"));
            connection.rollback();
            assertThrows(SQLException.class, () -> connection.createStatement().execute("TRUNCATE memories"));
            connection.rollback();
        }
    }
}
