package studio.ainative.memory.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.UUID;
import studio.ainative.memory.config.MemoryConfig;
import studio.ainative.platform.web.SignedCursors;

/**
 * Cursors of the newest-first listing: the position {@code createdAt micros:id}, signed by platform-web's
 * {@link SignedCursors} with {@code memory.cursor.key} for the listing they belong to (project, owner,
 * filters), so a cursor altered, made up or issued for another listing is 400 {@code invalid_cursor}.
 */
@ApplicationScoped
public class PageCursors {

    private final SignedCursors signed;

    @Inject
    public PageCursors(MemoryConfig config) {
        this.signed = SignedCursors.fromConfig("memory.cursor.key", config.cursor().key());
    }

    PageCursors(byte[] key) {
        this.signed = new SignedCursors(key);
    }

    /** The position after {@code createdAt, id} in the listing named by {@code scope}. */
    public String issue(String scope, Instant createdAt, UUID id) {
        return signed.encode(scope, (createdAt.getEpochSecond() * 1_000_000 + createdAt.getNano() / 1_000) + ":" + id);
    }

    public Position read(String scope, String cursor) {
        String position = signed.decode(scope, cursor);
        if (position == null) {
            throw SignedCursors.invalid();
        }
        try {
            int colon = position.indexOf(':');
            long micros = Long.parseLong(position.substring(0, colon));
            return new Position(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000), Math.floorMod(micros, 1_000_000) * 1_000),
                    UUID.fromString(position.substring(colon + 1)));
        } catch (IllegalArgumentException | IndexOutOfBoundsException | java.time.DateTimeException e) {
            throw SignedCursors.invalid();
        }
    }

    public record Position(Instant createdAt, UUID id) {
    }
}
