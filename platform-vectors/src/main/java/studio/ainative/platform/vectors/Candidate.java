package studio.ainative.platform.vectors;

/** A vector the coarse pass kept, with what exact re-scoring needs. */
public record Candidate(String id, float[] embedding, double norm) {
}
