package studio.ainative.platform.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each SQLSTATE a database refusal can carry, as the problem every service answers with: never the SQL text. */
class SqlStatesTest {

    private static final String SQL_TEXT = "invalid input syntax for type timestamp with time zone: \"+999999999-12-31\" in table_rows";

    /** A refusal as the PostgreSQL client reports one: message and detail hold SQL and table names. */
    private static final class Refused extends io.vertx.sqlclient.DatabaseException {
        Refused(String state) {
            super(SQL_TEXT, 0, state);
        }
    }

    private static ApiException mapped(String state) {
        ApiException api = SqlStates.toApi(new Refused(state));
        assertFalse(api.getMessage().contains("timestamp") || api.getMessage().contains("table_rows"), api.getMessage());
        return api;
    }

    private static void assertProblem(int status, String code, Integer retryAfter, String state) {
        ApiException api = mapped(state);
        assertEquals(status, api.status(), state);
        assertEquals(code, api.code(), state);
        assertEquals(retryAfter, api.retryAfterSeconds(), state);
    }

    @Test
    void insufficientPrivilegeIsARowLevelSecurityDenial() {
        assertProblem(403, "rls_denied", null, "42501");
    }

    @ParameterizedTest
    @ValueSource(strings = {"22P05", "22021", "22008", "22007", "22P02", "22003", "22001"})
    void aDataExceptionIsInvalidInput(String state) {
        assertProblem(400, "invalid_input", null, state);
    }

    @Test
    void aCheckViolationIsInvalidInput() {
        assertProblem(400, "invalid_input", null, "23514");
    }

    @Test
    void aNotNullViolationIsInvalidInput() {
        assertProblem(400, "invalid_input", null, "23502");
    }

    @Test
    void aUniqueViolationIsAConflict() {
        assertProblem(409, "conflict", null, "23505");
    }

    @Test
    void aForeignKeyViolationIsAConflict() {
        assertProblem(409, "conflict", null, "23503");
    }

    @Test
    void anExclusionViolationIsAConflict() {
        assertProblem(409, "conflict", null, "23P01");
    }

    @Test
    void aSerializationFailureIsRetriedAfterOneSecond() {
        assertProblem(503, "transaction_conflict", 1, "40001");
    }

    @Test
    void aDeadlockIsRetriedAfterOneSecond() {
        assertProblem(503, "transaction_conflict", 1, "40P01");
    }

    @ParameterizedTest
    @ValueSource(strings = {"08000", "08001", "08003", "08006", "08P01"})
    void aConnectionExceptionIsAnUnavailableDatabase(String state) {
        assertProblem(503, UnreachableDatabase.CODE, UnreachableDatabase.RETRY_AFTER_SECONDS, state);
    }

    @Test
    void anAdminShutdownIsAnUnavailableDatabase() {
        assertProblem(503, UnreachableDatabase.CODE, UnreachableDatabase.RETRY_AFTER_SECONDS, "57P01");
    }

    @Test
    void aCrashShutdownIsAnUnavailableDatabase() {
        assertProblem(503, UnreachableDatabase.CODE, UnreachableDatabase.RETRY_AFTER_SECONDS, "57P02");
    }

    @Test
    void aServerStartingUpIsAnUnavailableDatabase() {
        assertProblem(503, UnreachableDatabase.CODE, UnreachableDatabase.RETRY_AFTER_SECONDS, "57P03");
    }

    @Test
    void tooManyConnectionsIsAnUnavailableDatabase() {
        assertProblem(503, UnreachableDatabase.CODE, UnreachableDatabase.RETRY_AFTER_SECONDS, "53300");
    }

    @ParameterizedTest
    @ValueSource(strings = {"XX000", "42P01", "42703", "57014"})
    void anyOtherStateIsNotMapped(String state) {
        assertNull(SqlStates.toApi(new Refused(state)));
    }

    @Test
    void aFailureWithoutAStateIsNotMapped() {
        assertNull(SqlStates.toApi(new IllegalStateException("bug")));
    }

    @Test
    void theStateIsFoundUnderAWrapper() {
        CompletionException wrapped = new CompletionException(new Refused("23505"));
        assertEquals("23505", SqlStates.of(wrapped));
        assertTrue(SqlStates.is(wrapped, SqlStates.UNIQUE_VIOLATION));
        assertEquals("conflict", SqlStates.toApi(wrapped).code());
    }

    /** As Hibernate Reactive rethrows a refusal: its own exception (e.g. ConstraintViolationException) caused by a SQLException. */
    @Test
    void theStateOfASqlExceptionUnderAnOrmWrapperIsFound() {
        RuntimeException orm = new RuntimeException("could not execute statement",
                new java.sql.SQLException(SQL_TEXT, "23505", 0));
        CompletionException wrapped = new CompletionException(orm);
        assertEquals("23505", SqlStates.of(wrapped));
        assertTrue(SqlStates.is(wrapped, SqlStates.UNIQUE_VIOLATION));
        assertEquals("conflict", SqlStates.toApi(wrapped).code());
    }

    @Test
    void aSqlExceptionWithoutAStateIsNotMapped() {
        assertNull(SqlStates.of(new RuntimeException(new java.sql.SQLException("no state"))));
    }

    @Test
    void isNamesOnlyItsOwnState() {
        assertFalse(SqlStates.is(new Refused("23503"), SqlStates.UNIQUE_VIOLATION));
        assertFalse(SqlStates.is(new IllegalStateException(), SqlStates.UNIQUE_VIOLATION));
    }
}
