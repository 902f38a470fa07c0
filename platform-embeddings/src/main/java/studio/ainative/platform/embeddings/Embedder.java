package studio.ainative.platform.embeddings;

import io.smallrye.mutiny.Uni;
import java.util.List;

/**
 * Turns texts into vectors. Implementations never block the calling thread: the returned {@code Uni}
 * completes off the event loop (a worker pool for the in-process model, the HTTP client for a remote one).
 */
public interface Embedder {

    /** One vector per text, in the order of {@code texts}, each of {@link #dimensions()} components. */
    Uni<List<float[]>> embed(List<String> texts);

    /** The length of every vector this embedder returns. */
    int dimensions();
}
