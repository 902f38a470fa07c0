package studio.ainative.identity.verification;

/**
 * Why a token was refused. The description is the fixed, client-visible
 * {@code error_description}; nothing about the token's content ever reaches the client.
 */
public enum RejectionReason {
    EXPIRED("token expired"),
    NOT_YET_VALID("token not yet valid"),
    REVOKED("token revoked"),
    INVALID("signature or claims invalid"),
    ISSUER_NOT_REGISTERED("issuer not registered"),
    KEYS_UNAVAILABLE("identity provider keys unavailable");

    private final String description;

    RejectionReason(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /** Metric tag value. */
    public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
