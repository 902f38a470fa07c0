package studio.ainative.memory.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import studio.ainative.memory.config.MemoryConfig;
import studio.ainative.platform.web.ApiException;

/**
 * Opaque cursors of the newest-first listing: {@code base64url(createdAt micros:id).base64url(HMAC-SHA256)},
 * the MAC also covering the listing they belong to (project, owner, filters), so a cursor altered, made up
 * or issued for another listing is 400 {@code invalid_cursor}.
 */
@ApplicationScoped
public class PageCursors {

    static final int MIN_KEY_LENGTH = 32;
    private static final Base64.Encoder ENCODE = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODE = Base64.getUrlDecoder();

    private final byte[] key;

    @Inject
    public PageCursors(MemoryConfig config) {
        this(config.cursor().key().filter(k -> !k.isBlank()).map(PageCursors::checked).orElseGet(PageCursors::randomKey));
    }

    PageCursors(byte[] key) {
        this.key = key.clone();
    }

    /** The position after {@code createdAt, id} in the listing named by {@code scope}. */
    public String issue(String scope, Instant createdAt, UUID id) {
        String position = (createdAt.getEpochSecond() * 1_000_000 + createdAt.getNano() / 1_000) + ":" + id;
        return ENCODE.encodeToString(position.getBytes(StandardCharsets.UTF_8)) + "." + ENCODE.encodeToString(mac(scope, position));
    }

    public Position read(String scope, String cursor) {
        try {
            int dot = cursor.indexOf('.');
            String position = new String(DECODE.decode(cursor.substring(0, dot)), StandardCharsets.UTF_8);
            if (!MessageDigest.isEqual(mac(scope, position), DECODE.decode(cursor.substring(dot + 1)))) {
                throw invalid();
            }
            int colon = position.indexOf(':');
            long micros = Long.parseLong(position.substring(0, colon));
            return new Position(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000), Math.floorMod(micros, 1_000_000) * 1_000),
                    UUID.fromString(position.substring(colon + 1)));
        } catch (IllegalArgumentException | IndexOutOfBoundsException | java.time.DateTimeException e) {
            throw invalid();
        }
    }

    public record Position(Instant createdAt, UUID id) {
    }

    private byte[] mac(String scope, String position) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(scope.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return mac.doFinal(position.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has HmacSHA256", e);
        }
    }

    private static ApiException invalid() {
        return ApiException.badRequest("invalid_cursor", "cursor was not issued by this listing, or was altered");
    }

    private static byte[] checked(String key) {
        if (key.length() < MIN_KEY_LENGTH) {
            throw new IllegalArgumentException("memory.cursor.key must be at least " + MIN_KEY_LENGTH + " characters");
        }
        return key.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }
}
