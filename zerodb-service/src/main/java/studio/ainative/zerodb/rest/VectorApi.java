package studio.ainative.zerodb.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.util.List;
import studio.ainative.zerodb.VectorRecord;
import studio.ainative.zerodb.repository.NamespaceStats;
import studio.ainative.zerodb.service.SearchHit;
import studio.ainative.zerodb.service.UpsertOutcome;
import studio.ainative.zerodb.service.VectorInput;

/** Request and response bodies of the vectors API (snake_case on the wire). */
public final class VectorApi {

    private VectorApi() {
    }

    public record UpsertRequest(String vectorId, double[] vectorEmbedding, String document, JsonNode vectorMetadata,
                                String namespace) {
        VectorInput toInput() {
            return new VectorInput(vectorId, vectorEmbedding, document, vectorMetadata, namespace);
        }
    }

    public record BatchRequest(List<UpsertRequest> vectors) {
    }

    public record UpsertResponse(String vectorId, String status, String namespace, int dims) {
        static UpsertResponse of(UpsertOutcome o) {
            return new UpsertResponse(o.id(), o.created() ? "created" : "updated", o.namespace(), o.dims());
        }
    }

    public record BatchResponse(int upsertedCount, int createdCount, int updatedCount, List<UpsertResponse> vectors) {
    }

    public record SearchRequest(String query, double[] queryVector, Integer topK, Double threshold, String namespace,
                                JsonNode metadataFilter) {
    }

    public record SearchResultItem(String vectorId, String document, JsonNode vectorMetadata, String namespace, double score) {
        static SearchResultItem of(SearchHit hit) {
            VectorRecord v = hit.vector();
            return new SearchResultItem(v.id(), v.document(), v.metadata(), v.namespace(), hit.score());
        }
    }

    public record SearchResponse(List<SearchResultItem> results, int totalCount, long searchTimeMs) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record VectorView(String vectorId, float[] vectorEmbedding, String document, JsonNode vectorMetadata, String namespace,
                             int dims, String ownerId, OffsetDateTime createdAt, OffsetDateTime updatedAt) {
        static VectorView of(VectorRecord v) {
            return new VectorView(v.id(), v.embedding(), v.document(), v.metadata(), v.namespace(), v.dims(), v.ownerId(),
                    v.createdAt(), v.updatedAt());
        }
    }

    public record VectorPage(List<VectorView> vectors, boolean hasMore, String nextCursor) {
    }

    public record StatsResponse(long totalVectors, List<NamespaceView> namespaces) {
    }

    public record NamespaceView(String namespace, int dims, long vectorCount) {
        static NamespaceView of(NamespaceStats s) {
            return new NamespaceView(s.namespace(), s.dims(), s.vectorCount());
        }
    }
}
