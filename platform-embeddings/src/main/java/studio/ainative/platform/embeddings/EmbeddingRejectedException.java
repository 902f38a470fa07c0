package studio.ainative.platform.embeddings;

/**
 * The remote embedding endpoint refused the request (4xx other than 408 and 429) or answered nonsense:
 * never retried, never trips the breaker. The subclass {@link TextNotEmbeddableException} blames the texts;
 * this class itself blames the endpoint or its configuration (key, model, URL, dimensions).
 */
public class EmbeddingRejectedException extends EmbeddingException {

    public EmbeddingRejectedException(String message) {
        super(message, false, null);
    }
}
