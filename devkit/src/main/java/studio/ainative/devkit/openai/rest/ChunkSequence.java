package studio.ainative.devkit.openai.rest;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import studio.ainative.devkit.openai.Completion;
import studio.ainative.devkit.openai.rest.ChatApi.ChatCompletionChunk;
import studio.ainative.devkit.openai.rest.ChatApi.ChunkChoice;
import studio.ainative.devkit.openai.rest.ChatApi.Delta;
import studio.ainative.devkit.openai.rest.ChatApi.Usage;

/**
 * The chunks of one streamed completion, made one at a time as the stream asks for them, so a long
 * reply is never held as a whole. For each position (the role, each token, the finish) every choice
 * gets its own chunk, choice 0 first; with include_usage a last chunk carries no choices and the usage.
 */
final class ChunkSequence implements Iterator<ChatCompletionChunk> {

    private final String id;
    private final long created;
    private final Completion completion;
    private final boolean includeUsage;
    private final long choiceChunks;
    private long next;

    ChunkSequence(String id, long created, Completion completion, boolean includeUsage) {
        this.id = id;
        this.created = created;
        this.completion = completion;
        this.includeUsage = includeUsage;
        this.choiceChunks = (long) completion.n() * (completion.tokens().size() + 2);
    }

    /** Every chunk of the stream, [DONE] aside. */
    long size() {
        return choiceChunks + (includeUsage ? 1 : 0);
    }

    @Override
    public boolean hasNext() {
        return next < size();
    }

    @Override
    public ChatCompletionChunk next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        long index = next++;
        if (index == choiceChunks) {
            return chunk(List.of(), Optional.of(Usage.of(completion)));
        }
        int choice = (int) (index % completion.n());
        int position = (int) (index / completion.n());
        return chunk(List.of(choiceChunk(choice, position)), includeUsage ? Optional.empty() : null);
    }

    private ChunkChoice choiceChunk(int choice, int position) {
        if (position == 0) {
            return new ChunkChoice(choice, Delta.FIRST, null, null);
        }
        if (position <= completion.tokens().size()) {
            return new ChunkChoice(choice, Delta.content(completion.tokens().get(position - 1)), null, null);
        }
        return new ChunkChoice(choice, Delta.EMPTY, null, completion.finishReason().wireName());
    }

    private ChatCompletionChunk chunk(List<ChunkChoice> choices, Optional<Usage> usage) {
        return ChatCompletionChunk.of(id, created, completion.model(), choices, usage);
    }
}
