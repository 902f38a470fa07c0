package studio.ainative.platform.vectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import studio.ainative.platform.embeddings.Vectors;

class ExactRankingTest {

    private static Candidate candidate(String id, float... v) {
        return new Candidate(id, v, Vectors.norm(v));
    }

    @Test
    void cosineIsScaleInvariantAndSigned() {
        float[] a = {1, 0};
        float[] b = {3, 3};
        assertEquals(Math.sqrt(0.5), ExactRanking.cosine(a, Vectors.norm(a), b, Vectors.norm(b)), 1e-9);
        float[] c = {-2, 0};
        assertEquals(-1, ExactRanking.cosine(a, Vectors.norm(a), c, Vectors.norm(c)), 1e-9);
    }

    @Test
    void ranksByExactCosineBestFirstAndKeepsTheLimit() {
        List<Candidate> candidates = List.of(candidate("far", -1, 0), candidate("near", 1, 0.1f), candidate("mid", 1, 1));
        List<ScoredId> top = ExactRanking.top(new float[] {1, 0}, candidates, null, 2);
        assertEquals(List.of("near", "mid"), top.stream().map(ScoredId::id).toList());
        assertEquals(Math.sqrt(0.5), top.get(1).similarity(), 1e-6);
    }

    @Test
    void tiesAreOrderedById() {
        List<Candidate> candidates = List.of(candidate("b", 2, 0), candidate("a", 1, 0));
        assertEquals(List.of("a", "b"), ExactRanking.top(new float[] {1, 0}, candidates, null, 10).stream().map(ScoredId::id).toList());
    }

    @Test
    void aThresholdDropsLessSimilarCandidates() {
        List<Candidate> candidates = List.of(candidate("same", 1, 0), candidate("orthogonal", 0, 1));
        assertEquals(List.of("same"), ExactRanking.top(new float[] {1, 0}, candidates, 0.5, 10).stream().map(ScoredId::id).toList());
    }
}
