package studio.ainative.platform.web;

import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;

/**
 * Failures that mean the database cannot be reached right now, as the reactive SQL client reports
 * them: no connection could be opened (refused, timed out, no route, unknown host), a pooled
 * connection was lost, or the server refuses sessions while it shuts down, starts up or is full.
 * Retrying shortly may succeed, so these are a 503 with {@code Retry-After}, never a 500. Which
 * SQLSTATEs mean this is {@link SqlStates}'s to say.
 */
public final class UnreachableDatabase {

    public static final String CODE = "database_unavailable";
    public static final int RETRY_AFTER_SECONDS = 5;

    private static final int MAX_CAUSES = 8;

    private UnreachableDatabase() {
    }

    /** The 503 to answer for {@code failure}, or null when it is not an unreachable database. */
    public static ApiException toApi(Throwable failure) {
        return matches(failure) ? unavailable() : null;
    }

    static ApiException unavailable() {
        return ApiException.unavailable(CODE, "the database is unreachable; retry shortly", RETRY_AFTER_SECONDS);
    }

    static boolean matches(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < MAX_CAUSES; depth++, t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof NoRouteToHostException || t instanceof UnknownHostException
                    || t instanceof ClosedConnectionException) {
                return true;
            }
        }
        return SqlStates.unavailable(SqlStates.of(failure));
    }
}
