package studio.ainative.devkit.openai;

import java.util.List;
import java.util.OptionalInt;

/** A validated chat completion request: the members the emulator acts on. */
public record ChatRequest(
        String model, List<ChatMessage> messages, int n, OptionalInt maxTokens, boolean stream, boolean includeUsage) {
}
