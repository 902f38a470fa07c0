package studio.ainative.identity.client;

/** An outbound call failed: refused by the guard, unreachable, too slow, too large, or redirected. */
public final class OutboundCallException extends Exception {
    public OutboundCallException(String message) {
        super(message, null, false, false);
    }

    public OutboundCallException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
