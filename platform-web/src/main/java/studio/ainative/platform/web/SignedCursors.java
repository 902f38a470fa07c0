package studio.ainative.platform.web;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.logging.Logger;

/**
 * Opaque, tamper-evident page cursors: {@code base64url(position) "." base64url(HMAC-SHA256(scope, position))}.
 * The scope names the listing a cursor was made for (endpoint, project, owner, filters), so a cursor is
 * accepted only by the listing that issued it; a forged or altered one is 400 {@code invalid_cursor} before
 * its position reaches a query. Each service keeps its own position format; callers still check its shape:
 * the key is a secret, not a proof.
 *
 * <p>Without a configured key each process draws a random one, so cursors do not survive a restart and
 * one replica refuses another's: replicas behind one load balancer must share a key.
 */
public final class SignedCursors {

    private static final Logger LOG = Logger.getLogger(SignedCursors.class);
    private static final String ALGORITHM = "HmacSHA256";
    public static final int MIN_KEY_LENGTH = 32;
    private static final int MAX_CURSOR_LENGTH = 4096;
    private static final Base64.Encoder ENCODE = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODE = Base64.getUrlDecoder();

    private final SecretKeySpec key;

    public SignedCursors(byte[] key) {
        this.key = new SecretKeySpec(key, ALGORITHM);
    }

    /** Signed with the configured key ({@code setting}, at least 32 characters), or a per-process one when there is none. */
    public static SignedCursors fromConfig(String setting, Optional<String> key) {
        return new SignedCursors(key.filter(k -> !k.isBlank()).map(k -> configuredKey(setting, k)).orElseGet(() -> processKey(setting)));
    }

    public static byte[] configuredKey(String setting, String key) {
        if (key.length() < MIN_KEY_LENGTH) {
            throw new IllegalStateException(setting + " must have at least " + MIN_KEY_LENGTH + " characters");
        }
        return key.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] processKey(String setting) {
        LOG.infof("%s is not set: page cursors are signed with a per-process key, so they do not survive "
                + "a restart and are refused by other replicas (set it on every replica)", setting);
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return random;
    }

    public String encode(String scope, String position) {
        byte[] payload = position.getBytes(StandardCharsets.UTF_8);
        return ENCODE.encodeToString(payload) + "." + ENCODE.encodeToString(mac(scope, payload));
    }

    /** The position of a cursor this scope issued; null for none; 400 {@code invalid_cursor} for anything else. */
    public String decode(String scope, String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        int dot = cursor.indexOf('.');
        if (cursor.length() > MAX_CURSOR_LENGTH || dot < 0) {
            throw invalid();
        }
        byte[] payload;
        byte[] presented;
        try {
            payload = DECODE.decode(cursor.substring(0, dot));
            presented = DECODE.decode(cursor.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        if (!MessageDigest.isEqual(presented, mac(scope, payload))) {
            throw invalid();
        }
        return new String(payload, StandardCharsets.UTF_8);
    }

    public static ApiException invalid() {
        return ApiException.badRequest("invalid_cursor", "cursor is not one this listing returned");
    }

    private byte[] mac(String scope, byte[] payload) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            mac.update(scope.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
