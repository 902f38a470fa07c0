package studio.ainative.zerodb.repository;

/** One vector as an upsert writes it; {@code metadataJson} is the serialized metadata object. */
public record VectorWrite(String id, String namespace, float[] embedding, double norm, String code, String document,
                          String metadataJson) {
}
