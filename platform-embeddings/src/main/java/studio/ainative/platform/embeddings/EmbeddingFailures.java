package studio.ainative.platform.embeddings;

import org.jboss.logging.Logger;
import studio.ainative.platform.web.ApiException;

/**
 * What a client is told when server-side embedding of its text fails: the text was refused (422
 * {@code notEmbeddableCode}, do not retry it), the embedder is down for now (503 {@code embedding_unavailable}
 * with {@code Retry-After}), or it is broken until an operator acts (503 without). Never a 500, and never
 * the failure's own message.
 *
 * @param notEmbeddableCode the code of a refused text, e.g. {@code document_not_embeddable}, {@code query_not_embeddable}
 * @param what              what was being embedded, for the detail ("documents", "query", "content")
 * @param fallback          what the client may send instead of the text (e.g. "send vector_embedding"), or null
 */
public record EmbeddingFailures(String notEmbeddableCode, String what, String fallback) {

    public static final String UNAVAILABLE_CODE = "embedding_unavailable";
    public static final int RETRY_AFTER_SECONDS = 5;
    private static final Logger LOG = Logger.getLogger(EmbeddingFailures.class);

    public ApiException toApi(Throwable failure) {
        if (failure instanceof ApiException api) {
            return api;
        }
        if (failure instanceof TextNotEmbeddableException) {
            return new ApiException(422, notEmbeddableCode, "the embedding model could not embed the " + what + "; "
                    + (fallback == null ? "change the text" : fallback + " instead, or change the text"));
        }
        if (failure instanceof EmbeddingException e && e.retryable()) {
            LOG.warnf("embedding unavailable: %s", e.getMessage());
            return ApiException.unavailable(UNAVAILABLE_CODE, "the " + what + " could not be embedded right now; "
                    + (fallback == null ? "retry" : fallback + " or retry"), RETRY_AFTER_SECONDS);
        }
        LOG.errorf(failure, "embedding failed and will until the embedder is fixed");
        return ApiException.unavailable(UNAVAILABLE_CODE, "the " + what + " could not be embedded: the embedding service is failing"
                + (fallback == null ? "" : "; " + fallback + " instead"), null);
    }
}
