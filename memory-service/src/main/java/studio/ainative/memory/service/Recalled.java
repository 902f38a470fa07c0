package studio.ainative.memory.service;

import studio.ainative.memory.Memory;

/** One recalled memory: its cosine similarity to the query and its recall score. */
public record Recalled(Memory memory, double similarity, double score) {
}
