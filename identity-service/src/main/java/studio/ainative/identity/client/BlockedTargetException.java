package studio.ainative.identity.client;

/** An outbound URL refused by the {@link SsrfGuard}. The message is safe to return to the caller. */
public final class BlockedTargetException extends Exception {
    public BlockedTargetException(String message) {
        super(message, null, false, false);
    }
}
