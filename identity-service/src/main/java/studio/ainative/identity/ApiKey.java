package studio.ainative.identity;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A project API key's record; the key itself is never stored, only its SHA-256. */
public record ApiKey(UUID id, UUID projectId, String name, String prefix, OffsetDateTime createdAt,
                     OffsetDateTime revokedAt, OffsetDateTime lastUsedAt) {
}
