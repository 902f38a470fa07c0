package studio.ainative.memory.service;

import studio.ainative.memory.MemoryType;

/** A memory to remember, its input already checked; tags and metadata as JSON text. */
public record NewMemory(String content, String entityName, MemoryType type, double importance, String tagsJson,
                        String metadataJson) {
}
