package studio.ainative.devkit.openai;

import java.util.List;

/**
 * What the emulated model answers to one request: the same reply in each of n choices, cut into
 * tokens so it can be streamed one token per chunk.
 */
public record Completion(String model, List<String> tokens, FinishReason finishReason, int n, int promptTokens) {

    public enum FinishReason {
        STOP("stop"), LENGTH("length");

        private final String wireName;

        FinishReason(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    public Completion {
        tokens = List.copyOf(tokens);
    }

    public String content() {
        return String.join("", tokens);
    }

    /** OpenAI counts the tokens of every choice. */
    public int completionTokens() {
        return tokens.size() * n;
    }

    public int totalTokens() {
        return promptTokens + completionTokens();
    }
}
