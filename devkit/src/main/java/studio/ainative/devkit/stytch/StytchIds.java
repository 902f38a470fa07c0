package studio.ainative.devkit.stytch;

import java.security.SecureRandom;
import java.util.UUID;

/** Identifiers in Stytch's test-environment formats, so callers parsing them see real shapes. */
public final class StytchIds {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int GOOGLE_SUBJECT_DIGITS = 21;

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

    public static String passwordId() {
        return "password-test-" + UUID.randomUUID();
    }

    public static String oauthRegistrationId() {
        return "oauth-user-test-" + UUID.randomUUID();
    }

    /** Google's {@code sub} is a decimal string of about 21 digits. */
    public static String googleSubject() {
        StringBuilder subject = new StringBuilder(GOOGLE_SUBJECT_DIGITS).append(1 + RANDOM.nextInt(9));
        while (subject.length() < GOOGLE_SUBJECT_DIGITS) {
            subject.append(RANDOM.nextInt(10));
        }
        return subject.toString();
    }
}
