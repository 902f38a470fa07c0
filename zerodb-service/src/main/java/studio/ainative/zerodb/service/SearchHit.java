package studio.ainative.zerodb.service;

import studio.ainative.zerodb.VectorRecord;

/** One search result: the vector's details and its cosine similarity to the query. */
public record SearchHit(VectorRecord vector, double score) {
}
