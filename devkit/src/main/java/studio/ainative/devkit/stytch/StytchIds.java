package studio.ainative.devkit.stytch;

import java.util.UUID;

/** Identifiers in Stytch's test-environment formats, so callers parsing them see real shapes. */
public final class StytchIds {

    private StytchIds() {
    }

    public static String requestId() {
        return "request-id-test-" + UUID.randomUUID();
    }

    public static String userId() {
        return "user-test-" + UUID.randomUUID();
    }

    public static String emailId() {
        return "email-test-" + UUID.randomUUID();
    }

    public static String sessionId() {
        return "session-test-" + UUID.randomUUID();
    }

    public static String keyId() {
        return "jwk-test-" + UUID.randomUUID();
    }
}
