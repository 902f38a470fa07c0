package studio.ainative.devkit.stytch;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** The one live one-time passcode of an email (its method_id); a newer code replaces it. */
public record OtpCode(String methodId, String userId, String code, Instant expiresAt, boolean used) {

    public boolean isExpiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    public boolean matches(String candidate) {
        return MessageDigest.isEqual(code.getBytes(StandardCharsets.US_ASCII),
                candidate.getBytes(StandardCharsets.US_ASCII));
    }

    public OtpCode asUsed() {
        return new OtpCode(methodId, userId, code, expiresAt, true);
    }

    /** The code is a credential: keep it out of logs and exception messages. */
    @Override
    public String toString() {
        return "OtpCode[methodId=" + methodId + ", expiresAt=" + expiresAt + ", used=" + used + "]";
    }
}
