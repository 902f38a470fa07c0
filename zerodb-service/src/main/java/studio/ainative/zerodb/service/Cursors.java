package studio.ainative.zerodb.service;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.logging.Logger;
import studio.ainative.platform.web.ApiException;
import studio.ainative.zerodb.config.ZerodbConfig;

/**
 * Opaque, tamper-evident page cursors: {@code base64url(position) "." base64url(HMAC-SHA256(scope, position))}.
 * The scope names the listing a cursor was made for (endpoint, project, namespace or table), so a cursor is
 * accepted only by the listing that issued it; a forged or altered one is 400 {@code invalid_cursor} before
 * its position reaches a query. Callers still check the position's shape: the key is a secret, not a proof.
 *
 * <p>The key is {@code zerodb.cursor.key}; without one each process draws a random key, so cursors do not
 * survive a restart and one replica refuses another's: replicas behind one load balancer must share a key.
 */
@Startup
@ApplicationScoped
public class Cursors {

    private static final Logger LOG = Logger.getLogger(Cursors.class);
    private static final String ALGORITHM = "HmacSHA256";
    static final int MIN_KEY_LENGTH = 32;
    private static final int MAX_CURSOR_LENGTH = 4096;

    private final SecretKeySpec key;

    @Inject
    public Cursors(ZerodbConfig config) {
        this(config.cursor().key().map(Cursors::configuredKey).orElseGet(Cursors::processKey));
    }

    Cursors(byte[] key) {
        this.key = new SecretKeySpec(key, ALGORITHM);
    }

    static byte[] configuredKey(String key) {
        if (key.length() < MIN_KEY_LENGTH) {
            throw new IllegalStateException("zerodb.cursor.key must have at least " + MIN_KEY_LENGTH + " characters");
        }
        return key.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] processKey() {
        LOG.info("zerodb.cursor.key is not set: page cursors are signed with a per-process key, so they do not survive "
                + "a restart and are refused by other replicas (set ZERODB_CURSOR_KEY on every replica)");
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return random;
    }

    public String encode(String scope, String position) {
        byte[] payload = position.getBytes(StandardCharsets.UTF_8);
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        return base64.encodeToString(payload) + "." + base64.encodeToString(mac(scope, payload));
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
            payload = Base64.getUrlDecoder().decode(cursor.substring(0, dot));
            presented = Base64.getUrlDecoder().decode(cursor.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        if (!MessageDigest.isEqual(presented, mac(scope, payload))) {
            throw invalid();
        }
        return new String(payload, StandardCharsets.UTF_8);
    }

    /** A time from a cursor position: ISO-8601 with an offset, within the years PostgreSQL reads back (1 to 9999). */
    static OffsetDateTime time(String text) {
        OffsetDateTime time;
        try {
            time = OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            throw invalid();
        }
        if (time.getYear() < 1 || time.getYear() > 9999) {
            throw invalid();
        }
        return time;
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
