package studio.ainative.memory.service;

import studio.ainative.memory.MemoryType;

/**
 * A recall, its input already checked.
 *
 * @param query      the text to embed; null when {@code vector} is given
 * @param vector     the query already embedded by the caller (the model's dimension); null when {@code query} is given
 * @param entityName null: every entity
 * @param type       null: every type
 * @param tagsJson   null: no tag filter; else a JSON array every recalled memory holds all of
 * @param threshold  null: no floor; else the least similarity recalled
 */
public record RecallQuery(String query, float[] vector, String entityName, MemoryType type, String tagsJson, int limit, Double threshold) {
}
