package studio.ainative.devkit.stytch;

import java.util.Arrays;
import java.util.Optional;

/** What an outbox message carries, named like the authentication factor it leads to. */
public enum OutboxKind {
    MAGIC_LINK("magic_link"),
    OTP("otp"),
    OAUTH("oauth");

    private final String wireName;

    OutboxKind(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** Empty when the caller named no kind; an unknown one is the caller's error. */
    public static Optional<OutboxKind> parseOptional(String raw) {
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(Arrays.stream(values()).filter(k -> k.wireName.equals(raw)).findFirst()
                .orElseThrow(() -> new StytchException(StytchError.INVALID_ARGUMENT,
                        "kind must be one of magic_link, otp, oauth.")));
    }
}
