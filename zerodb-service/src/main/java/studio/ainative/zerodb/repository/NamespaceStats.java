package studio.ainative.zerodb.repository;

/** Vectors the caller can see in one namespace. */
public record NamespaceStats(String namespace, int dims, long vectorCount) {
}
