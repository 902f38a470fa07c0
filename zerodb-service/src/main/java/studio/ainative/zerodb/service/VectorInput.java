package studio.ainative.zerodb.service;

import com.fasterxml.jackson.databind.JsonNode;

/** One vector as a client sent it: an embedding, a document to embed, or both. */
public record VectorInput(String id, double[] embedding, String document, JsonNode metadata, String namespace) {
}
