package studio.ainative.memory.rest;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import studio.ainative.memory.Memory;

/** Request and response bodies of the memory API (snake_case on the wire). */
public final class MemoryApi {

    private MemoryApi() {
    }

    /** {@code user_id}: only an API key acting for one of its project's users may name one. */
    public record RememberRequest(String content, @JsonAlias("entity_id") String entityName, String memoryType, Double importance,
                                  List<String> tags, JsonNode metadata, String userId) {
    }

    /** A memory as answered; tags and metadata are the stored JSON. */
    public record MemoryView(UUID memoryId, String content, String entityName, String memoryType, double importance,
                             @JsonRawValue String tags, @JsonRawValue String metadata, long accessCount, Instant createdAt,
                             Instant updatedAt, Instant lastAccessedAt) {
        static MemoryView of(Memory m) {
            return new MemoryView(m.id, m.content, m.entityName, m.memoryType, m.importance, m.tags, m.metadata, m.accessCount,
                    m.createdAt, m.updatedAt, m.lastAccessedAt);
        }
    }
}
