package studio.ainative.platform.web;

import io.vertx.sqlclient.DatabaseException;
import java.sql.SQLException;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The one SQLSTATE → problem mapping of every service, used by {@link ProblemMappers} for whatever a
 * database refusal reaches it as, and by repositories that turn one state into a result.
 *
 * <ul>
 *   <li>{@code 42501} insufficient privilege (a row-level security policy refused): 403 {@code rls_denied};</li>
 *   <li>class {@code 22} data exception, {@code 23502} not-null and {@code 23514} check violation (a value the
 *       input checks let through): 400 {@code invalid_input};</li>
 *   <li>{@code 23503} foreign key, {@code 23505} unique, {@code 23P01} exclusion violation (a write raced a
 *       concurrent change): 409 {@code conflict};</li>
 *   <li>{@code 40001} serialization failure, {@code 40P01} deadlock: 503 {@code transaction_conflict},
 *       {@code Retry-After: 1};</li>
 *   <li>class {@code 08} connection exception, {@code 57P01}/{@code 57P02}/{@code 57P03} shutdown or start-up,
 *       {@code 53300} too many connections: 503 {@code database_unavailable} (see {@link UnreachableDatabase}).</li>
 * </ul>
 * Any other state is not mapped (the caller answers 500). The SQL text and the server's message never
 * reach the client; the backstops are logged as warnings.
 */
public final class SqlStates {

    public static final String NOT_NULL_VIOLATION = "23502";
    public static final String FOREIGN_KEY_VIOLATION = "23503";
    public static final String UNIQUE_VIOLATION = "23505";
    public static final String CHECK_VIOLATION = "23514";
    public static final String EXCLUSION_VIOLATION = "23P01";
    public static final String INSUFFICIENT_PRIVILEGE = "42501";
    public static final String SERIALIZATION_FAILURE = "40001";
    public static final String DEADLOCK_DETECTED = "40P01";
    public static final int TRANSACTION_RETRY_AFTER_SECONDS = 1;

    /** A server that will not serve sessions now: admin/crash shutdown, starting up, too many connections. */
    private static final Set<String> UNAVAILABLE = Set.of("57P01", "57P02", "57P03", "53300");
    private static final Set<String> INVALID_VALUES = Set.of(NOT_NULL_VIOLATION, CHECK_VIOLATION);
    private static final Set<String> CONFLICTS = Set.of(FOREIGN_KEY_VIOLATION, UNIQUE_VIOLATION, EXCLUSION_VIOLATION);
    private static final Set<String> TRANSACTION_CONFLICTS = Set.of(SERIALIZATION_FAILURE, DEADLOCK_DETECTED);
    private static final int MAX_CAUSES = 8;
    private static final Logger LOG = Logger.getLogger(SqlStates.class);

    private SqlStates() {
    }

    /**
     * The SQLSTATE of the first database refusal in {@code failure}'s cause chain, or null: the reactive
     * client's {@link DatabaseException}, or a {@link SQLException} (Hibernate Reactive rethrows a refusal as
     * e.g. Hibernate's {@code ConstraintViolationException} caused by a {@code SQLException} holding the state).
     */
    public static String of(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < MAX_CAUSES; depth++, t = t.getCause()) {
            if (t instanceof DatabaseException db && db.getSqlState() != null) {
                return db.getSqlState();
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }

    /** Whether {@code failure} is a database refusal with this SQLSTATE. */
    public static boolean is(Throwable failure, String state) {
        return state.equals(of(failure));
    }

    /** A server that cannot serve sessions now: retrying shortly may succeed. */
    public static boolean unavailable(String state) {
        return state != null && (state.startsWith("08") || UNAVAILABLE.contains(state));
    }

    /** The problem to answer for a database refusal with a mapped SQLSTATE, or null. */
    public static ApiException toApi(Throwable failure) {
        String state = of(failure);
        if (state == null) {
            return null;
        }
        if (state.equals(INSUFFICIENT_PRIVILEGE)) {
            return ApiException.forbidden("rls_denied", "row-level security refused this operation");
        }
        if (state.startsWith("22") || INVALID_VALUES.contains(state)) {
            LOG.warnf("database refused a value (SQLSTATE %s) that input validation let through", state);
            return ApiException.badRequest("invalid_input", "the request holds a value the database cannot store or compare");
        }
        if (CONFLICTS.contains(state)) {
            LOG.warnf("write raced another (SQLSTATE %s)", state);
            return ApiException.conflict("conflict", "the request conflicts with a concurrent change; read the resource again");
        }
        if (TRANSACTION_CONFLICTS.contains(state)) {
            LOG.warnf("transaction aborted by the database (SQLSTATE %s)", state);
            return ApiException.unavailable("transaction_conflict", "the request collided with a concurrent one; retry it",
                    TRANSACTION_RETRY_AFTER_SECONDS);
        }
        if (unavailable(state)) {
            return UnreachableDatabase.unavailable();
        }
        return null;
    }
}
