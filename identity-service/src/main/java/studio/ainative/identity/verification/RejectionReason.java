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

    /** The reason of this name; empty for a name this release does not know (written by a newer one). */
    public static java.util.Optional<RejectionReason> parse(String name) {
        for (RejectionReason reason : values()) {
            if (reason.name().equals(name)) {
                return java.util.Optional.of(reason);
            }
        }
        return java.util.Optional.empty();
    }

    /** Metric tag value. */
    public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
