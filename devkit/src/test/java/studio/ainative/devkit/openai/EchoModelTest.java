package studio.ainative.devkit.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class EchoModelTest {

    private static final int OUTPUT_LIMIT = 4096;

    private static ChatRequest request(List<ChatMessage> messages, int n, OptionalInt maxTokens) {
        return new ChatRequest("m", messages, n, maxTokens, false, false);
    }

    @Test
    void quotesTheLastUserMessageNotTheLastMessage() {
        Completion completion = EchoModel.complete(request(List.of(
                new ChatMessage(Role.USER, "first"),
                new ChatMessage(Role.ASSISTANT, "You said: first"),
                new ChatMessage(Role.USER, "second"),
                new ChatMessage(Role.TOOL, "tool output")), 1, OptionalInt.empty()), OUTPUT_LIMIT);

        assertEquals("You said: second", completion.content());
        assertEquals(Completion.FinishReason.STOP, completion.finishReason());
    }

    @Test
    void withoutAUserMessageThereIsNothingToQuote() {
        Completion completion = EchoModel.complete(request(List.of(new ChatMessage(Role.SYSTEM, "Be brief.")), 1,
                OptionalInt.empty()), OUTPUT_LIMIT);

        assertEquals("You said nothing.", completion.content());
    }

    @Test
    void promptTokensCountOnePerMessageForItsRolePlusItsText() {
        Completion completion = EchoModel.complete(request(List.of(
                new ChatMessage(Role.SYSTEM, "Be brief."),
                new ChatMessage(Role.ASSISTANT, ""),
                new ChatMessage(Role.USER, "Hi!")), 1, OptionalInt.empty()), OUTPUT_LIMIT);

        assertEquals((1 + 3) + 1 + (1 + 2), completion.promptTokens());
        assertEquals(5, completion.completionTokens());
        assertEquals(13, completion.totalTokens());
    }

    @Test
    void completionTokensCountEveryChoice() {
        Completion completion = EchoModel.complete(request(List.of(new ChatMessage(Role.USER, "Hi!")), 3,
                OptionalInt.empty()), OUTPUT_LIMIT);

        assertEquals(5, completion.tokens().size());
        assertEquals(15, completion.completionTokens());
    }

    @Test
    void maxTokensCutsTheReplyAndSaysLength() {
        Completion completion = EchoModel.complete(request(List.of(new ChatMessage(Role.USER, "one two three")), 1,
                OptionalInt.of(3)), OUTPUT_LIMIT);

        assertEquals("You said:", completion.content());
        assertEquals(3, completion.completionTokens());
        assertEquals(Completion.FinishReason.LENGTH, completion.finishReason());
    }

    @Test
    void aLimitTheReplyExactlyFitsStopsNormally() {
        Completion completion = EchoModel.complete(request(List.of(new ChatMessage(Role.USER, "one")), 1,
                OptionalInt.of(4)), OUTPUT_LIMIT);

        assertEquals("You said: one", completion.content());
        assertEquals(Completion.FinishReason.STOP, completion.finishReason());
    }

    @Test
    void theModelsOwnOutputLimitCutsALongReply() {
        Completion completion = EchoModel.complete(request(List.of(new ChatMessage(Role.USER, "a b c d e")), 1,
                OptionalInt.empty()), 5);

        assertEquals("You said: a b", completion.content());
        assertEquals(Completion.FinishReason.LENGTH, completion.finishReason());
    }
}
