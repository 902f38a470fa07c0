package studio.ainative.platform.embeddings;

/**
 * These texts cannot be embedded: the endpoint refused them (400, 413, 422: too long, empty, unsupported)
 * or answered with a vector that has no direction (all zero) or non-finite components. Sending the same
 * texts again will not help; other texts may well succeed, so it is the caller's input that is at fault.
 */
public class TextNotEmbeddableException extends EmbeddingRejectedException {

    public TextNotEmbeddableException(String message) {
        super(message);
    }
}
