package studio.ainative.memory.repository;

import io.vertx.pgclient.PgException;

/** What PostgreSQL's refusals mean to memory, found anywhere in the chain Hibernate Reactive wraps them in. */
public final class SqlStates {

    static final String UNIQUE_VIOLATION = "23505";

    private SqlStates() {
    }

    public static boolean isUniqueViolation(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())) {
                return true;
            }
            if (t instanceof org.hibernate.exception.ConstraintViolationException cv && UNIQUE_VIOLATION.equals(cv.getSQLState())) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
