package studio.ainative.zerodb.service;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import studio.ainative.platform.web.ApiException;
import studio.ainative.platform.web.SignedCursors;
import studio.ainative.zerodb.config.ZerodbConfig;

/**
 * zerodb's page cursors, signed by platform-web's {@link SignedCursors} with {@code zerodb.cursor.key}
 * (see there for the format and what an unset key means), and the time format of their positions.
 */
@Startup
@ApplicationScoped
public class Cursors {

    private final SignedCursors signed;

    @Inject
    public Cursors(ZerodbConfig config) {
        this.signed = SignedCursors.fromConfig("zerodb.cursor.key", config.cursor().key());
    }

    Cursors(byte[] key) {
        this.signed = new SignedCursors(key);
    }

    static byte[] configuredKey(String key) {
        return SignedCursors.configuredKey("zerodb.cursor.key", key);
    }

    public String encode(String scope, String position) {
        return signed.encode(scope, position);
    }

    /** The position of a cursor this scope issued; null for none; 400 {@code invalid_cursor} for anything else. */
    public String decode(String scope, String cursor) {
        return signed.decode(scope, cursor);
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
        return SignedCursors.invalid();
    }
}
