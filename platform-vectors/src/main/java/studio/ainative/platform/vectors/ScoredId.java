package studio.ainative.platform.vectors;

/** A candidate's id and its exact cosine similarity to the query. */
public record ScoredId(String id, double similarity) {
}
