package studio.ainative.zerodb.service;

/** What an upsert did to one vector. */
public record UpsertOutcome(String id, String namespace, int dims, boolean created) {
}
