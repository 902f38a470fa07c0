package studio.ainative.zerodb.repository;

import io.vertx.pgclient.PgException;

/** The SQLSTATEs repositories turn into results rather than failures. */
final class SqlStates {

    private SqlStates() {
    }

    /** 23503: the referenced row is gone (a concurrent delete). */
    static boolean foreignKeyViolation(Throwable failure) {
        return is(failure, "23503");
    }

    /** 42501: a row-level security policy refused the statement. */
    static boolean policyViolation(Throwable failure) {
        return is(failure, "42501");
    }

    private static boolean is(Throwable failure, String state) {
        return failure instanceof PgException pg && state.equals(pg.getSqlState());
    }
}
