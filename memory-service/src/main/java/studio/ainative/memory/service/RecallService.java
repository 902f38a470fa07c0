package studio.ainative.memory.service;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import studio.ainative.memory.Memory;
import studio.ainative.memory.config.MemoryConfig;
import studio.ainative.memory.repository.MemoryRepository;
import studio.ainative.memory.repository.MemorySearch;
import studio.ainative.memory.security.MemoryAccess;
import studio.ainative.platform.embeddings.Embedder;
import studio.ainative.platform.vectors.ScoredId;
import studio.ainative.platform.web.ApiException;

/**
 * Recall: embed the query (off the event loop, outside any transaction) unless the caller sent it embedded, find the candidates most similar to
 * it ({@link MemorySearch}: platform-vectors' coarse pass and exact re-ranking), then in one RLS transaction
 * read them, score them, keep the best {@code limit}, and record the access on each one recalled.
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
        return queryVector(query)
                .chain(vector -> OnContext.resume(search.similar(access, query, vector)))
                .chain(similar -> similar.isEmpty() ? Uni.createFrom().item(List.<Recalled>of())
                        : MemoryService.inRls(access, () -> memories.findOwn(access, ids(similar))
                                .chain(found -> recordAccess(rank(found, similar, query)))));
    }

    /** The caller's vector when it has the model's dimension (no other is comparable), else the query's embedding. */
    private Uni<float[]> queryVector(RecallQuery query) {
        if (query.vector() == null) {
            return OnContext.resume(embedder.embed(List.of(query.query()))).map(vectors -> vectors.get(0));
        }
        if (query.vector().length != embedder.dimensions()) {
            return Uni.createFrom().failure(new ApiException(422, "dimension_mismatch", "memories are embedded in "
                    + embedder.dimensions() + " dimensions; query_vector has " + query.vector().length));
        }
        return Uni.createFrom().item(query.vector());
    }

    /**
     * Memory's score over the re-ranked candidates (their similarity from the exact pass), best first, the
     * best {@code limit} kept. A candidate gone since the search (forgotten meanwhile) is not recalled.
     */
    List<Recalled> rank(List<Memory> found, List<ScoredId> similar, RecallQuery query) {
        Instant now = now();
        Map<UUID, Memory> byId = new HashMap<>();
        found.forEach(m -> byId.put(m.id, m));
        List<Recalled> scored = new ArrayList<>(similar.size());
        for (ScoredId candidate : similar) {
            Memory m = byId.get(UUID.fromString(candidate.id()));
            if (m != null) {
                scored.add(new Recalled(m, candidate.similarity(), scoring.score(candidate.similarity(), m.importance, m.lastAccessedAt, now)));
            }
        }
        return scored.stream()
                .sorted(Comparator.comparingDouble(Recalled::score).reversed())
                .limit(query.limit())
                .toList();
    }

    private static List<UUID> ids(List<ScoredId> similar) {
        return similar.stream().map(s -> UUID.fromString(s.id())).toList();
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
