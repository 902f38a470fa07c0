package studio.ainative.devkit.openai.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import studio.ainative.devkit.openai.Completion;
import studio.ainative.devkit.openai.rest.ChatApi.ChatCompletionChunk;
import studio.ainative.devkit.openai.rest.ChatApi.Delta;

class ChunkSequenceTest {

    private static final Completion TWO_TOKENS_TWO_CHOICES =
            new Completion("m", List.of("You", " said"), Completion.FinishReason.LENGTH, 2, 4);

    private static List<ChatCompletionChunk> all(ChunkSequence sequence) {
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        sequence.forEachRemaining(chunks::add);
        return chunks;
    }

    @Test
    void eachPositionGivesEveryChoiceItsOwnChunkInTurn() {
        List<ChatCompletionChunk> chunks = all(new ChunkSequence("id", 7, TWO_TOKENS_TWO_CHOICES, false));

        assertEquals(8, chunks.size());
        List<Integer> indexes = chunks.stream().map(chunk -> chunk.choices().get(0).index()).toList();
        assertEquals(List.of(0, 1, 0, 1, 0, 1, 0, 1), indexes);
        List<Delta> deltas = chunks.stream().map(chunk -> chunk.choices().get(0).delta()).toList();
        assertEquals(List.of(Delta.FIRST, Delta.FIRST, Delta.content("You"), Delta.content("You"),
                Delta.content(" said"), Delta.content(" said"), Delta.EMPTY, Delta.EMPTY), deltas);
    }

    @Test
    void onlyTheLastChunkOfEachChoiceHasAFinishReason() {
        List<ChatCompletionChunk> chunks = all(new ChunkSequence("id", 7, TWO_TOKENS_TWO_CHOICES, false));

        List<String> reasons = chunks.stream().map(chunk -> chunk.choices().get(0).finishReason()).toList();
        assertEquals(Arrays.asList(null, null, null, null, null, null, "length", "length"), reasons);
    }

    @Test
    void withoutIncludeUsageNoChunkHasAUsageMember() {
        List<ChatCompletionChunk> chunks = all(new ChunkSequence("id", 7, TWO_TOKENS_TWO_CHOICES, false));

        chunks.forEach(chunk -> assertNull(chunk.usage()));
    }

    @Test
    void withIncludeUsageTheChunksSayNullAndOneMoreCarriesTheTotals() {
        List<ChatCompletionChunk> chunks = all(new ChunkSequence("id", 7, TWO_TOKENS_TWO_CHOICES, true));

        assertEquals(9, chunks.size());
        chunks.subList(0, 8).forEach(chunk -> assertEquals(Optional.empty(), chunk.usage()));
        ChatCompletionChunk last = chunks.get(8);
        assertEquals(List.of(), last.choices());
        assertEquals(Optional.of(new ChatApi.Usage(4, 4, 8)), last.usage());
    }

    @Test
    void everyChunkSharesTheIdCreatedAndModel() {
        List<ChatCompletionChunk> chunks = all(new ChunkSequence("chatcmpl-x", 7, TWO_TOKENS_TWO_CHOICES, true));

        chunks.forEach(chunk -> {
            assertEquals("chatcmpl-x", chunk.id());
            assertEquals(7, chunk.created());
            assertEquals("m", chunk.model());
            assertEquals("chat.completion.chunk", chunk.object());
        });
    }

    @Test
    void theSequenceEndsAndSaysSo() {
        ChunkSequence sequence = new ChunkSequence("id", 7, TWO_TOKENS_TWO_CHOICES, false);
        all(sequence);

        assertFalse(sequence.hasNext());
        assertThrows(NoSuchElementException.class, sequence::next);
    }
}
