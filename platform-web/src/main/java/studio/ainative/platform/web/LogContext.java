package studio.ainative.platform.web;

import org.jboss.logging.MDC;

/**
 * The MDC keys a request's log lines carry, in the plain-text format ({@code %X{requestId}}) and in the
 * JSON logs' {@code mdc} object. On Quarkus the MDC lives on the request's Vert.x context, so whatever is
 * put here is seen by every log line of that request and of no other. Only ids: never a token, a key or
 * anything a caller sent besides a validated request id.
 */
public final class LogContext {

    /** The request id ({@link RequestIds}). */
    public static final String REQUEST_ID = "requestId";
    /** The authenticated caller: a user id, {@code api_key:<key id>}, or a calling service's name. */
    public static final String PRINCIPAL = "principal";
    /** The caller's project. */
    public static final String PROJECT_ID = "projectId";

    private LogContext() {
    }

    /** Names the authenticated caller in the rest of this request's log lines; {@code projectId} may be null. */
    public static void caller(String principal, Object projectId) {
        if (principal != null) {
            MDC.put(PRINCIPAL, principal);
        }
        if (projectId != null) {
            MDC.put(PROJECT_ID, projectId.toString());
        }
    }
}
