package studio.ainative.identity.verification;

/**
 * A token failed verification. {@link #detail()} is for logs and metrics only (never the raw token);
 * clients see {@link RejectionReason#description()}.
 */
public final class TokenRejectedException extends Exception {

    private final RejectionReason reason;

    public TokenRejectedException(RejectionReason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    public RejectionReason reason() {
        return reason;
    }

    public String detail() {
        return getMessage();
    }
}
