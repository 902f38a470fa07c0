package studio.ainative.memory.service;

import studio.ainative.memory.Memory;

/** The outcome of remember: a new memory, or the existing one with the same content (access bumped). */
public record Remembered(Memory memory, boolean created) {
}
