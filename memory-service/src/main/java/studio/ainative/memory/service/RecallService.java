package studio.ainative.memory.service;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import studio.ainative.memory.Memory;
import studio.ainative.memory.config.MemoryConfig;
import studio.ainative.memory.repository.MemoryRepository;
import studio.ainative.memory.repository.MemorySearch;
import studio.ainative.memory.security.MemoryAccess;
import studio.ainative.platform.embeddings.Embedder;
import studio.ainative.platform.embeddings.Vectors;

/**
 * Recall: embed the query (off the event loop, outside any transaction), then in one RLS transaction score
 * the caller's candidates exactly, keep the best {@code limit}, and record the access on each one recalled.
 */
@ApplicationScoped
public class RecallService {

    private final MemorySearch search;
    private final MemoryRepository memories;
    private final Embedder embedder;
    private final Clock clock;
    private final RecallScoring scoring;

    public RecallService(MemorySearch search, MemoryRepository memories, Embedder embedder, Clock clock, MemoryConfig config) {
        this.search = search;
        this.memories = memories;
        this.embedder = embedder;
        this.clock = clock;
        this.scoring = new RecallScoring(config.recall().decayPerHour());
    }

    public Uni<List<Recalled>> recall(MemoryAccess access, RecallQuery query) {
        return OnContext.resume(embedder.embed(List.of(query.query())))
                .chain(vectors -> MemoryService.inRls(access, () -> search.candidates(access, query)
                        .chain(candidates -> recordAccess(rank(candidates, vectors.get(0), query)))));
    }

    List<Recalled> rank(List<Memory> candidates, float[] queryVector, RecallQuery query) {
        Instant now = now();
        return candidates.stream()
                .map(m -> {
                    float[] vector = EmbeddingBytes.decode(m.embedding);
                    // A memory embedded by another model (another length) is not comparable: never recalled.
                    double similarity = vector.length == queryVector.length ? Vectors.cosine(vector, queryVector) : Double.NaN;
                    return new Recalled(m, similarity, scoring.score(similarity, m.importance, m.lastAccessedAt, now));
                })
                .filter(r -> !Double.isNaN(r.similarity()))
                .filter(r -> query.threshold() == null || r.similarity() >= query.threshold())
                .sorted(Comparator.comparingDouble(Recalled::score).reversed())
                .limit(query.limit())
                .toList();
    }

    private Uni<List<Recalled>> recordAccess(List<Recalled> recalled) {
        if (recalled.isEmpty()) {
            return Uni.createFrom().item(recalled);
        }
        Instant now = now();
        List<UUID> ids = recalled.stream().map(r -> r.memory().id).toList();
        return memories.update("accessCount = accessCount + 1, lastAccessedAt = ?1 where id in ?2", now, ids)
                .map(updated -> {
                    // The candidates were read read-only: reflect the update in the answer without flushing them.
                    recalled.forEach(r -> {
                        r.memory().accessCount++;
                        r.memory().lastAccessedAt = now;
                    });
                    return recalled;
                });
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
