package studio.ainative.memory.service;

import java.time.Duration;
import java.time.Instant;

/**
 * How recall ranks: {@code score = 0.5·similarity + 0.3·importance + 0.2·recency}, with
 * {@code recency = exp(−λ·hours since last access)}. A last access in the future (clock skew between
 * replicas) counts as now.
 */
public record RecallScoring(double decayPerHour) {

    public static final double SIMILARITY_WEIGHT = 0.5;
    public static final double IMPORTANCE_WEIGHT = 0.3;
    public static final double RECENCY_WEIGHT = 0.2;
    private static final double MILLIS_PER_HOUR = 3_600_000.0;

    public RecallScoring {
        if (!(decayPerHour >= 0) || Double.isInfinite(decayPerHour)) {
            throw new IllegalArgumentException("memory.recall.decay-per-hour must be a finite number ≥ 0");
        }
    }

    public double recency(Instant lastAccessedAt, Instant now) {
        double hours = Math.max(0, Duration.between(lastAccessedAt, now).toMillis() / MILLIS_PER_HOUR);
        return Math.exp(-decayPerHour * hours);
    }

    public double score(double similarity, double importance, Instant lastAccessedAt, Instant now) {
        return SIMILARITY_WEIGHT * similarity + IMPORTANCE_WEIGHT * importance + RECENCY_WEIGHT * recency(lastAccessedAt, now);
    }
}
