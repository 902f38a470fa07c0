package studio.ainative.zerodb.repository;

import studio.ainative.platform.vectors.EncodedVector;

/** One vector as an upsert writes it; {@code metadataJson} is the serialized metadata object. */
public record VectorWrite(String id, String namespace, EncodedVector vector, String document, String metadataJson) {
}
