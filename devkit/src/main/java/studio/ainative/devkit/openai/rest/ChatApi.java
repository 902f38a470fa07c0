package studio.ainative.devkit.openai.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import studio.ainative.devkit.openai.Completion;

/**
 * Response bodies of POST /v1/chat/completions, in OpenAI's shapes (openai-node's ChatCompletion and
 * ChatCompletionChunk). Members OpenAI sends as null (logprobs, refusal) are sent as null here too.
 */
public final class ChatApi {

    static final String SYSTEM_FINGERPRINT = "fp_devkit";
    static final String ASSISTANT = "assistant";

    private ChatApi() {
    }

    public record ChatCompletion(String id, String object, long created, String model,
                                 List<Choice> choices, Usage usage, String serviceTier, String systemFingerprint) {
        static ChatCompletion of(String id, long created, Completion completion) {
            AssistantMessage message = new AssistantMessage(ASSISTANT, completion.content(), null);
            List<Choice> choices = IntStream.range(0, completion.n())
                    .mapToObj(index -> new Choice(index, message, null, completion.finishReason().wireName()))
                    .toList();
            return new ChatCompletion(id, "chat.completion", created, completion.model(), choices,
                    Usage.of(completion), "default", SYSTEM_FINGERPRINT);
        }
    }

    public record Choice(int index, AssistantMessage message, Object logprobs, String finishReason) {
    }

    public record AssistantMessage(String role, String content, String refusal) {
    }

    public record Usage(int promptTokens, int completionTokens, int totalTokens) {
        static Usage of(Completion completion) {
            return new Usage(completion.promptTokens(), completion.completionTokens(), completion.totalTokens());
        }
    }

    /**
     * One SSE event of a stream. {@code usage} has three states, as at OpenAI: a null reference leaves
     * the member out (include_usage not asked), {@code Optional.empty()} sends {@code "usage": null}
     * (every chunk but the last when it was asked), a value sends the totals (the last chunk).
     */
    public record ChatCompletionChunk(String id, String object, long created, String model,
                                      String serviceTier, String systemFingerprint, List<ChunkChoice> choices,
                                      @JsonInclude(JsonInclude.Include.NON_NULL) Optional<Usage> usage) {
        static ChatCompletionChunk of(String id, long created, String model, List<ChunkChoice> choices,
                Optional<Usage> usage) {
            return new ChatCompletionChunk(id, "chat.completion.chunk", created, model, "default",
                    SYSTEM_FINGERPRINT, choices, usage);
        }
    }

    public record ChunkChoice(int index, Delta delta, Object logprobs, String finishReason) {
    }

    /** Only the members a chunk carries: role and "" first, then content, then nothing. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Delta(String role, String content) {
        static final Delta FIRST = new Delta(ASSISTANT, "");
        static final Delta EMPTY = new Delta(null, null);

        static Delta content(String token) {
            return new Delta(null, token);
        }
    }
}
