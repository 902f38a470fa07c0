package studio.ainative.platform.embeddings;

/** The remote embedding endpoint refused the request (4xx) or answered nonsense: never retried, never trips the breaker. */
public class EmbeddingRejectedException extends EmbeddingException {

    public EmbeddingRejectedException(String message) {
        super(message, false, null);
    }
}
