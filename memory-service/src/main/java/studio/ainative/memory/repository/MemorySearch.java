package studio.ainative.memory.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import studio.ainative.memory.config.MemoryConfig;
import studio.ainative.memory.security.MemoryAccess;
import studio.ainative.memory.service.RecallQuery;
import studio.ainative.memory.service.RecallScoring;
import studio.ainative.platform.auth.rls.RlsTransactions;
import studio.ainative.platform.vectors.Candidate;
import studio.ainative.platform.vectors.CandidateSearch;
import studio.ainative.platform.vectors.ExactRanking;
import studio.ainative.platform.vectors.ScoredId;
import studio.ainative.platform.vectors.SqlFragment;
import studio.ainative.platform.vectors.VectorTable;

/**
 * The candidate search of recall, on platform-vectors: in one read-only RLS transaction, the coarse pass keeps
 * the caller's memories matching the filters with the best score estimated from their sign codes
 * ({@link #estimatedScore}; {@link #candidateCount} of them), then {@link ExactRanking} gives each its exact
 * cosine. Memory's own scoring of these (importance, recency) is the service's.
 */
@ApplicationScoped
public class MemorySearch {

    static final CandidateSearch SEARCH = new CandidateSearch(
            new VectorTable("memories", "memories", List.of("id"), "id", "code", "embedding", "norm"));
    static final int MIN_CANDIDATES = 200;
    static final int OVERSAMPLE = 10;

    private final Pool pool;
    private final int maxCandidates;
    private final double decayPerHour;

    public MemorySearch(Pool pool, MemoryConfig config) {
        this.pool = pool;
        this.maxCandidates = config.recall().maxCandidates();
        this.decayPerHour = config.recall().decayPerHour();
    }

    /** The caller's memories passing the filters and the threshold, most similar first, with their similarity. */
    public Uni<List<ScoredId>> similar(MemoryAccess access, RecallQuery query, float[] vector) {
        SqlFragment scope = scope(access, query, vector.length);
        return RlsTransactions.withRls(pool, access.rls(),
                tx -> SEARCH.candidates(tx, scope, false, vector, candidateCount(query.limit()),
                        estimatedScore(vector.length, decayPerHour)))
                .map(candidates -> rerank(vector, candidates, query.threshold()));
    }

    /** How many candidates the coarse pass keeps for a limit: oversampled, within [200, max-candidates]. */
    int candidateCount(int limit) {
        return Math.min(maxCandidates, Math.max(MIN_CANDIDATES, limit * OVERSAMPLE));
    }

    /**
     * Memory's score estimated in SQL, best first: {@link RecallScoring}'s weights over the similarity that a
     * Hamming distance of h bits out of d suggests, cos(π·h/d) (unbiased on all-MiniLM-L6-v2 with a spread of
     * ±0.06, see bench/memory), the stored importance, and the recency of the last access by the database's
     * clock. Ordering by the nearest codes alone would miss important or recent memories a little less similar,
     * which memory's score ranks first. The exponent is capped: exp() of a memory untouched for decades would
     * underflow, an error in PostgreSQL.
     */
    static CandidateSearch.CoarseOrder estimatedScore(int dimensions, double decayPerHour) {
        String c = CandidateSearch.CODES + ".";
        return distance -> RecallScoring.SIMILARITY_WEIGHT + " * cos(pi() * " + distance + " / " + dimensions + ".0)"
                + " + " + RecallScoring.IMPORTANCE_WEIGHT + " * " + c + "importance"
                + " + " + RecallScoring.RECENCY_WEIGHT + " * exp(-least(700.0, " + decayPerHour + "::float8"
                + " * greatest(0.0, extract(epoch FROM now() - " + c + "last_accessed_at)::float8) / 3600.0)) DESC";
    }

    /**
     * Exact cosine over all the candidates (memory's scoring may prefer a less similar one), those of another
     * dimension (another model) never: they are not comparable.
     */
    public static List<ScoredId> rerank(float[] query, List<Candidate> candidates, Double threshold) {
        List<Candidate> comparable = candidates.stream().filter(c -> c.embedding().length == query.length).toList();
        return ExactRanking.top(query, comparable, threshold, comparable.size());
    }

    /**
     * The owner's slice (the policy enforces it regardless; naming it lets the scan use the index), the filters
     * given, and codes of the query's length only (XOR of bit strings of different lengths is an error).
     */
    static SqlFragment scope(MemoryAccess access, RecallQuery query, int dimensions) {
        String c = CandidateSearch.CODES + ".";
        List<Object> parameters = new ArrayList<>(List.of(access.projectId(), access.ownerId(), dimensions));
        StringBuilder sql = new StringBuilder(c + "project_id = $1 AND " + c + "owner_id = $2 AND length(" + c + "code) = $3");
        if (query.entityName() != null) {
            parameters.add(query.entityName());
            sql.append(" AND ").append(c).append("entity_name = $").append(parameters.size());
        }
        if (query.type() != null) {
            parameters.add(query.type().wire());
            sql.append(" AND ").append(c).append("memory_type = $").append(parameters.size());
        }
        if (query.tagsJson() != null) {
            parameters.add(query.tagsJson());
            sql.append(" AND ").append(c).append("tags @> $").append(parameters.size()).append("::text::jsonb");
        }
        return new SqlFragment(sql.toString(), parameters);
    }
}
