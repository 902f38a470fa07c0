package studio.ainative.memory.rest;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import studio.ainative.memory.Memory;
import studio.ainative.memory.service.ListingService;
import studio.ainative.memory.service.ProfileService;
import studio.ainative.memory.service.Recalled;

/** Request and response bodies of the memory API (snake_case on the wire). */
public final class MemoryApi {

    private MemoryApi() {
    }

    /** {@code user_id}: only an API key acting for one of its project's users may name one. */
    public record RememberRequest(String content, @JsonAlias("entity_id") String entityName, String memoryType, Double importance,
                                  List<String> tags, JsonNode metadata, String userId) {
    }

    /** {@code user_id}: as for remember. {@code query_vector}: the query already embedded, instead of {@code query}. */
    public record RecallRequest(String query, double[] queryVector, @JsonAlias("entity_id") String entityName, String memoryType, List<String> tags,
                                Integer limit, Double threshold, String userId) {
    }

    public record RecalledView(UUID memoryId, String content, String entityName, String memoryType, double importance,
                               double similarity, double score, Instant createdAt, Instant lastAccessedAt) {
        static RecalledView of(Recalled r) {
            Memory m = r.memory();
            return new RecalledView(m.id, m.content, m.entityName, m.memoryType, m.importance, r.similarity(), r.score(),
                    m.createdAt, m.lastAccessedAt);
        }
    }

    public record RecallResponse(List<RecalledView> results, int count) {
        static RecallResponse of(List<Recalled> recalled) {
            return new RecallResponse(recalled.stream().map(RecalledView::of).toList(), recalled.size());
        }
    }

    /** Each member given replaces the stored one; content is embedded again. */
    public record PatchRequest(String content, Double importance, List<String> tags, JsonNode metadata) {
    }

    public record ForgetRequest(@JsonAlias("entity_id") String entityName, String memoryType, String before, String userId) {
    }

    public record ForgetResponse(long deleted) {
    }

    public record MemoryPage(List<MemoryView> memories, boolean hasMore, String nextCursor) {
        static MemoryPage of(ListingService.Page page) {
            return new MemoryPage(page.memories().stream().map(MemoryView::of).toList(), page.nextCursor() != null, page.nextCursor());
        }
    }

    public record CountView(String entityName, String memoryType, long count) {
    }

    public record ProfileView(long totalMemories, Map<String, Long> byEntity, Map<String, Long> byType, List<CountView> counts,
                              MemoryView oldest, MemoryView newest) {
        static ProfileView of(ProfileService.Profile p) {
            Map<String, Long> byEntity = new TreeMap<>();
            Map<String, Long> byType = new TreeMap<>();
            p.counts().forEach(c -> {
                byEntity.merge(c.entityName(), c.count(), Long::sum);
                byType.merge(c.memoryType(), c.count(), Long::sum);
            });
            return new ProfileView(byEntity.values().stream().mapToLong(Long::longValue).sum(), byEntity, byType,
                    p.counts().stream().map(c -> new CountView(c.entityName(), c.memoryType(), c.count())).toList(),
                    p.oldest() == null ? null : MemoryView.of(p.oldest()), p.newest() == null ? null : MemoryView.of(p.newest()));
        }
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
