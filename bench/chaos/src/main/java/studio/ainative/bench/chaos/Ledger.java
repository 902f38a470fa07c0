package studio.ainative.bench.chaos;

import java.util.ArrayList;
import java.util.List;

/**
 * Every write the load made: those acknowledged to it (2xx), which must all be there afterwards, and those
 * that failed, whose outcome is unknown to the client but which must be all-or-nothing (no partial batch,
 * memory or file).
 */
final class Ledger {

    enum Kind { VECTOR, VECTOR_BATCH, MEMORY, FILE }

    /**
     * One write. {@code ids}: the vector ids written (one, or the batch's), the memory's or file's id once
     * acknowledged; {@code embeddings}: the vectors sent; {@code content}: a memory's text; {@code name},
     * {@code sha256}, {@code size}: a file's; {@code token}: the writer's, to read it back.
     */
    record Write(Kind kind, List<String> ids, List<float[]> embeddings, String content, String name, String sha256,
                 int size, String token, long atMs, int status) {

        boolean acked() {
            return status >= 200 && status < 300;
        }
    }

    private final List<Write> writes = new ArrayList<>();

    synchronized void add(Write write) {
        writes.add(write);
    }

    synchronized List<Write> all() {
        return List.copyOf(writes);
    }
}
