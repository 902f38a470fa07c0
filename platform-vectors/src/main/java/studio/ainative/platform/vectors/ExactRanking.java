package studio.ainative.platform.vectors;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import studio.ainative.platform.embeddings.Vectors;

/** The exact pass over the candidates of a coarse search: cosine similarity to the query, best first. */
public final class ExactRanking {

    private static final Comparator<ScoredId> BEST_FIRST =
            Comparator.comparingDouble(ScoredId::similarity).reversed().thenComparing(ScoredId::id);

    private ExactRanking() {
    }

    /**
     * The {@code limit} candidates most similar to {@code query} with a similarity of at least
     * {@code threshold} (none when null), best first, ties by id.
     */
    public static List<ScoredId> top(float[] query, List<Candidate> candidates, Double threshold, int limit) {
        double queryNorm = Vectors.norm(query);
        List<ScoredId> scored = new ArrayList<>(candidates.size());
        for (Candidate c : candidates) {
            double similarity = cosine(query, queryNorm, c.embedding(), c.norm());
            if (threshold == null || similarity >= threshold) {
                scored.add(new ScoredId(c.id(), similarity));
            }
        }
        scored.sort(BEST_FIRST);
        return List.copyOf(scored.subList(0, Math.min(limit, scored.size())));
    }

    /** Cosine similarity given both norms (neither zero: zero vectors have no direction and are refused at write). */
    public static double cosine(float[] a, double normA, float[] b, double normB) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
        }
        return dot / (normA * normB);
    }
}
