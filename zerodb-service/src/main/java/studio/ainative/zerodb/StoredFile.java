package studio.ainative.zerodb;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A file's description; its content lives in {@code chunkCount} chunks. */
public record StoredFile(UUID fileId, String ownerId, String fileName, String contentType, long sizeBytes, String sha256,
                         int chunkCount, JsonNode metadata, OffsetDateTime createdAt) {
}
