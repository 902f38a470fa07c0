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
import studio.ainative.memory.repository.ScoringFacts;
import studio.ainative.memory.security.MemoryAccess;
import studio.ainative.platform.embeddings.Embedder;
import studio.ainative.platform.vectors.ScoredId;
import studio.ainative.platform.web.ApiException;

/**
 * Recall: embed the query (off the event loop, outside any transaction) unless the caller sent it embedded, find the candidates most similar to
 * it ({@link MemorySearch}: platform-vectors' coarse pass and exact re-ranking), then in one RLS transaction
 * read what scoring them needs (a projection), score them, read the best {@code limit} whole, and record the
 * access on each one recalled.
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
                        : MemoryService.inRls(access, () -> memories.scoringFacts(access, ids(similar))
                                .map(facts -> rank(facts, similar, query.limit()))
                                .chain(best -> best.isEmpty() ? Uni.createFrom().item(List.<Recalled>of())
                                        : memories.findOwnReadOnly(access, best.stream().map(Scored::id).toList())
                                                .chain(found -> recordAccess(recalled(found, best))))));
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

    /** A candidate's similarity (exact cosine) and memory's score of it. */
    record Scored(UUID id, double similarity, double score) {
    }

    /**
     * Memory's score over the re-ranked candidates (their similarity from the exact pass), best first, the
     * best {@code limit} kept. A candidate gone since the search (forgotten meanwhile) is not recalled.
     */
    List<Scored> rank(List<ScoringFacts> facts, List<ScoredId> similar, int limit) {
        Instant now = now();
        Map<UUID, ScoringFacts> byId = new HashMap<>();
        facts.forEach(f -> byId.put(f.id(), f));
        List<Scored> scored = new ArrayList<>(similar.size());
        for (ScoredId candidate : similar) {
            ScoringFacts f = byId.get(UUID.fromString(candidate.id()));
            if (f != null) {
                scored.add(new Scored(f.id(), candidate.similarity(),
                        scoring.score(candidate.similarity(), f.importance(), f.lastAccessedAt(), now)));
            }
        }
        return scored.stream()
                .sorted(Comparator.comparingDouble(Scored::score).reversed())
                .limit(limit)
                .toList();
    }

    /** The memories of the best, in their order; one forgotten between the two reads is left out. */
    static List<Recalled> recalled(List<Memory> found, List<Scored> best) {
        Map<UUID, Memory> byId = new HashMap<>();
        found.forEach(m -> byId.put(m.id, m));
        List<Recalled> out = new ArrayList<>(best.size());
        for (Scored s : best) {
            Memory m = byId.get(s.id());
            if (m != null) {
                out.add(new Recalled(m, s.similarity(), s.score()));
            }
        }
        return out;
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
                    // Read read-only: the bulk update is reflected in the answer, never flushed row by row.
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
