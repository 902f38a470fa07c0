package studio.ainative.zerodb;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;

/** A stored vector as its owner may read it. {@code embedding} is null where a listing leaves it out. */
public record VectorRecord(String id, String ownerId, String namespace, int dims, float[] embedding, String document,
                           JsonNode metadata, OffsetDateTime createdAt, OffsetDateTime updatedAt) {
}
