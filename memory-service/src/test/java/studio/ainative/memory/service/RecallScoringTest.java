package studio.ainative.memory.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import studio.ainative.memory.Memory;
import studio.ainative.memory.config.MemoryConfig;
import studio.ainative.memory.repository.MemorySearch;
import studio.ainative.memory.repository.ScoringFacts;
import studio.ainative.platform.vectors.Candidate;
import studio.ainative.platform.vectors.EncodedVector;
import studio.ainative.platform.vectors.Float32Bytes;

/** score = 0.5·similarity + 0.3·importance + 0.2·exp(−λ·hours since last access), against a fixed clock. */
class RecallScoringTest {

    private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
    private static final double EPSILON = 1e-9;

    @Test
    void aMemoryAccessedJustNowHasFullRecency() {
        assertEquals(1.0, new RecallScoring(0.01).recency(NOW, NOW), EPSILON);
    }

    @Test
    void recencyDecaysExponentiallyWithHoursSinceLastAccess() {
        RecallScoring scoring = new RecallScoring(0.1);
        assertEquals(Math.exp(-0.1 * 10), scoring.recency(NOW.minus(Duration.ofHours(10)), NOW), EPSILON);
        assertEquals(Math.exp(-0.1 * 0.5), scoring.recency(NOW.minus(Duration.ofMinutes(30)), NOW), EPSILON);
    }

    @Test
    void aLastAccessInTheFutureCountsAsNow() {
        assertEquals(1.0, new RecallScoring(0.1).recency(NOW.plus(Duration.ofHours(1)), NOW), EPSILON);
    }

    @Test
    void zeroDecayKeepsRecencyAtOne() {
        assertEquals(1.0, new RecallScoring(0).recency(NOW.minus(Duration.ofDays(365)), NOW), EPSILON);
    }

    @Test
    void scoreWeighsSimilarityImportanceAndRecency() {
        RecallScoring scoring = new RecallScoring(0.05);
        Instant lastAccess = NOW.minus(Duration.ofHours(4));
        double expected = 0.5 * 0.8 + 0.3 * 0.6 + 0.2 * Math.exp(-0.05 * 4);
        assertEquals(expected, scoring.score(0.8, 0.6, lastAccess, NOW), EPSILON);
    }

    @Test
    void negativeOrNonFiniteDecayIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RecallScoring(-0.1));
        assertThrows(IllegalArgumentException.class, () -> new RecallScoring(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new RecallScoring(Double.POSITIVE_INFINITY));
    }

    @Test
    void rankingUsesTheInjectedClockSoAStaleMemoryLosesToAFreshOneOfEqualSimilarity() {
        RecallService service = new RecallService(null, null, null, Clock.fixed(NOW, ZoneOffset.UTC), config(1.0));
        Memory stale = memory("stale", 0.5, NOW.minus(Duration.ofHours(48)), new float[] {1, 0});
        Memory fresh = memory("fresh", 0.5, NOW, new float[] {1, 0});
        List<Recalled> ranked = rank(service, List.of(stale, fresh), new float[] {1, 0}, query(10, null));
        assertEquals(List.of("fresh", "stale"), ranked.stream().map(r -> r.memory().content).toList());
        assertEquals(0.5 + 0.15 + 0.2, ranked.get(0).score(), EPSILON);
        assertEquals(0.5 + 0.15 + 0.2 * Math.exp(-48), ranked.get(1).score(), EPSILON);
    }

    @Test
    void rankingAppliesThresholdToSimilarityAndKeepsTheLimit() {
        RecallService service = new RecallService(null, null, null, Clock.fixed(NOW, ZoneOffset.UTC), config(0.01));
        Memory close = memory("close", 0.1, NOW, new float[] {1, 0});
        Memory near = memory("near", 0.1, NOW, new float[] {1, 1});
        Memory opposite = memory("opposite", 1.0, NOW, new float[] {-1, 0});
        assertEquals(List.of("close", "near"),
                rank(service, List.of(opposite, near, close), new float[] {1, 0}, query(10, 0.5)).stream().map(r -> r.memory().content).toList());
        assertEquals(List.of("close"),
                rank(service, List.of(opposite, near, close), new float[] {1, 0}, query(1, 0.5)).stream().map(r -> r.memory().content).toList());
    }

    @Test
    void aMemoryOfAnotherDimensionIsNeverRecalled() {
        RecallService service = new RecallService(null, null, null, Clock.fixed(NOW, ZoneOffset.UTC), config(0.01));
        Memory other = memory("other model", 1.0, NOW, new float[] {1, 0, 0});
        assertEquals(List.of(), rank(service, List.of(other), new float[] {1, 0}, query(10, null)));
    }

    /** As recall does: platform-vectors' exact re-ranking of the candidates, then memory's scoring. */
    private static List<Recalled> rank(RecallService service, List<Memory> candidates, float[] queryVector, RecallQuery query) {
        List<Candidate> stored = candidates.stream()
                .map(m -> new Candidate(m.id.toString(), Float32Bytes.decode(m.embedding), m.norm)).toList();
        List<ScoringFacts> facts = candidates.stream().map(m -> new ScoringFacts(m.id, m.importance, m.lastAccessedAt)).toList();
        return RecallService.recalled(candidates, service.rank(facts, MemorySearch.rerank(queryVector, stored, query.threshold()), query.limit()));
    }

    private static RecallQuery query(int limit, Double threshold) {
        return new RecallQuery("q", null, null, null, null, limit, threshold);
    }

    private static Memory memory(String content, double importance, Instant lastAccessedAt, float[] vector) {
        Memory m = new Memory();
        m.id = UUID.randomUUID();
        m.content = content;
        m.importance = importance;
        m.lastAccessedAt = lastAccessedAt;
        EncodedVector encoded = EncodedVector.of(vector);
        m.embedding = encoded.bytes();
        m.norm = encoded.norm();
        m.code = encoded.code();
        return m;
    }

    private static MemoryConfig config(double decayPerHour) {
        return new MemoryConfig() {
            @Override
            public Recall recall() {
                return new Recall() {
                    @Override
                    public double decayPerHour() {
                        return decayPerHour;
                    }

                    @Override
                    public int maxCandidates() {
                        return 1000;
                    }
                };
            }

            @Override
            public Cursor cursor() {
                return java.util.Optional::empty;
            }
        };
    }
}
