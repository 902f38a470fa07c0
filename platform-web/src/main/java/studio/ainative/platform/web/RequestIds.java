package studio.ainative.platform.web;

import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.MDC;

/**
 * The request id every log line of a request carries ({@link LogContext#REQUEST_ID} in the MDC), every
 * answer returns in {@value #HEADER}, and every call to another platform service or an upstream passes on.
 * A caller's (or the gateway's) id is kept when it is at most {@value #MAX_LENGTH} characters of
 * {@code [A-Za-z0-9._-]}; anything else is replaced, so a client cannot put line breaks, markup or a
 * megabyte into the logs. {@link RequestIdFilter} applies it to every request.
 */
public final class RequestIds {

    public static final String HEADER = "X-Request-ID";
    public static final int MAX_LENGTH = 128;

    private RequestIds() {
    }

    /** {@code presented} when it is a usable request id, else a new one. */
    public static String accept(String presented) {
        return isValid(presented) ? presented : newId();
    }

    static boolean isValid(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean allowed = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }

    /**
     * 128 random bits in hex, as the gateway's {@code $request_id}. An id correlates log lines, it guards
     * nothing, so a thread-local generator does (no contention on the event loops).
     */
    static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return hex(random.nextLong()) + hex(random.nextLong());
    }

    private static String hex(long bits) {
        String digits = Long.toHexString(bits);
        return "0".repeat(16 - digits.length()) + digits;
    }

    /**
     * The id of the request being served, for passing on to another service; null outside a request. Read
     * it on the request's Vert.x context (a route, a resource, an authentication step), not in a callback
     * of another client's thread.
     */
    public static String current() {
        Object id = MDC.get(LogContext.REQUEST_ID);
        return id == null ? null : id.toString();
    }
}
