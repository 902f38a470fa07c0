package studio.ainative.zerodb.service;

import com.fasterxml.jackson.databind.JsonNode;

/** A search as a client sent it; exactly one of {@code text} and {@code vector}. */
public record SearchQuery(String text, double[] vector, Integer topK, Double threshold, String namespace, JsonNode filter) {
}
