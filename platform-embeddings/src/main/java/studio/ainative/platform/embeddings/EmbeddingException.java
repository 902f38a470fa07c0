package studio.ainative.platform.embeddings;

/** Texts could not be embedded. {@link #retryable()} tells a transient failure from a refusal. */
public class EmbeddingException extends RuntimeException {

    private final boolean retryable;

    public EmbeddingException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    /** True when the same request may succeed later (timeout, 5xx, open circuit, connection refused). */
    public boolean retryable() {
        return retryable;
    }
}
