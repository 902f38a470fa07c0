package studio.ainative.identity.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals what identity stores in Redis so that only identity can have written it: the stored form is
 * {@code <format>.<mac>.<value>}, where mac is HMAC-SHA256 (base64url) over the Redis key the value is
 * stored under, the format version and the value. A value copied under another key, relabelled with
 * another format or altered in any byte does not open. A previous key opens values but never seals,
 * so the key can be rotated without turning every cached entry into a miss at once.
 */
public final class CacheMac {

    private static final String ALGORITHM = "HmacSHA256";
    private static final int MAC_CHARS = 43; // 32 bytes, base64url without padding
    private static final int MIN_KEY_BYTES = 32;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    /** What reading a stored value found. */
    public enum Status {
        /** Sealed by this service (current or previous key): {@code value} is the payload. */
        VALID,
        /** Sealed in another format version (an older or newer release): a plain miss. */
        OTHER_FORMAT,
        /** Not sealed by this service's keys, altered, or stored under another key. */
        FORGED
    }

    public record Opened(Status status, String value) {

        public Optional<String> valid() {
            return status == Status.VALID ? Optional.of(value) : Optional.empty();
        }
    }

    private final ThreadLocal<Mac> current;
    private final ThreadLocal<Mac> previous;

    /** @param previousKey null when there is no key being rotated out */
    public CacheMac(byte[] currentKey, byte[] previousKey) {
        this.current = macOf(currentKey);
        this.previous = previousKey == null ? null : macOf(previousKey);
    }

    /**
     * A key from configuration: base64 (standard or url-safe) of at least 32 bytes.
     *
     * @throws IllegalArgumentException naming the setting, never echoing the value
     */
    public static byte[] decodeKey(String setting, String base64) {
        byte[] raw;
        try {
            String trimmed = base64.trim();
            raw = trimmed.indexOf('-') >= 0 || trimmed.indexOf('_') >= 0
                    ? Base64.getUrlDecoder().decode(trimmed) : Base64.getDecoder().decode(trimmed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(setting + " is not base64");
        }
        if (raw.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException(setting + " must decode to at least " + MIN_KEY_BYTES + " bytes");
        }
        return raw;
    }

    public String seal(String redisKey, int format, String value) {
        return format + "." + ENCODER.encodeToString(mac(current.get(), redisKey, format, value)) + "." + value;
    }

    public Opened open(String redisKey, int format, String stored) {
        int firstDot = stored.indexOf('.');
        int secondDot = firstDot + 1 + MAC_CHARS;
        if (firstDot <= 0 || firstDot > 9 || stored.length() <= secondDot || stored.charAt(secondDot) != '.') {
            return forged();
        }
        int storedFormat;
        try {
            storedFormat = Integer.parseInt(stored, 0, firstDot, 10);
        } catch (NumberFormatException e) {
            return forged();
        }
        if (storedFormat != format) {
            return new Opened(Status.OTHER_FORMAT, null);
        }
        byte[] presented;
        try {
            presented = DECODER.decode(stored.substring(firstDot + 1, secondDot));
        } catch (IllegalArgumentException e) {
            return forged();
        }
        String value = stored.substring(secondDot + 1);
        if (MessageDigest.isEqual(presented, mac(current.get(), redisKey, format, value))
                || previous != null && MessageDigest.isEqual(presented, mac(previous.get(), redisKey, format, value))) {
            return new Opened(Status.VALID, value);
        }
        return forged();
    }

    private static Opened forged() {
        return new Opened(Status.FORGED, null);
    }

    /** Length-prefixed fields, so no choice of key and value can collide with another's. */
    private static byte[] mac(Mac mac, String redisKey, int format, String value) {
        byte[] key = redisKey.getBytes(StandardCharsets.UTF_8);
        mac.update(intBytes(key.length));
        mac.update(key);
        mac.update(intBytes(format));
        mac.update(value.getBytes(StandardCharsets.UTF_8));
        return mac.doFinal();
    }

    private static byte[] intBytes(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    /** One initialised Mac per thread (a Mac is not thread-safe; initialising one per use costs more than the MAC). */
    private static ThreadLocal<Mac> macOf(byte[] key) {
        SecretKeySpec spec = new SecretKeySpec(key, ALGORITHM);
        Mac prototype = newMac(spec);
        return ThreadLocal.withInitial(() -> {
            try {
                return (Mac) prototype.clone();
            } catch (CloneNotSupportedException e) {
                return newMac(spec);
            }
        });
    }

    private static Mac newMac(SecretKeySpec spec) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(spec);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
