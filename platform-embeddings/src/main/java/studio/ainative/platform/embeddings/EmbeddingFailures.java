package studio.ainative.zerodb.service;

import org.jboss.logging.Logger;
import studio.ainative.platform.embeddings.EmbeddingException;
import studio.ainative.platform.embeddings.TextNotEmbeddableException;
import studio.ainative.platform.web.ApiException;

/**
 * What a client is told when server-side embedding fails: its text was refused (422, do not retry it), the
 * embedder is down for now (503 with {@code Retry-After}), or it is broken until an operator acts (503).
 */
public final class EmbeddingFailures {

    private static final Logger LOG = Logger.getLogger(EmbeddingFailures.class);
    static final int RETRY_AFTER_SECONDS = 5;

    private EmbeddingFailures() {
    }

    /**
     * @param notEmbeddableCode the code of a refused text: {@code document_not_embeddable} or {@code query_not_embeddable}
     * @param what              what was being embedded, for the detail ("documents", "query")
     */
    public static ApiException toApi(Throwable failure, String notEmbeddableCode, String what) {
        if (failure instanceof ApiException api) {
            return api;
        }
        if (failure instanceof TextNotEmbeddableException) {
            return new ApiException(422, notEmbeddableCode, "the embedding model could not embed the " + what
                    + "; send vector_embedding instead, or change the text");
        }
        if (failure instanceof EmbeddingException e && e.retryable()) {
            LOG.warnf("embedding unavailable: %s", e.getMessage());
            return ApiException.unavailable("embedding_unavailable", "the " + what
                    + " could not be embedded right now; send vector_embedding or retry", RETRY_AFTER_SECONDS);
        }
        LOG.errorf(failure, "embedding failed and will until the embedder is fixed");
        return ApiException.unavailable("embedding_unavailable", "the " + what
                + " could not be embedded: the embedding service is failing; send vector_embedding instead", null);
    }
}
