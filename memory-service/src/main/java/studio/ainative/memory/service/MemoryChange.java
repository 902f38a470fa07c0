package studio.ainative.memory.service;

/** A PATCH, checked: each null member stays as it is. */
public record MemoryChange(String content, Double importance, String tagsJson, String metadataJson) {
}
