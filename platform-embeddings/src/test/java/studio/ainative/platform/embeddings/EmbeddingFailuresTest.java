package studio.ainative.zerodb.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import studio.ainative.platform.embeddings.EmbeddingException;
import studio.ainative.platform.embeddings.EmbeddingRejectedException;
import studio.ainative.platform.embeddings.TextNotEmbeddableException;
import studio.ainative.platform.web.ApiException;

/** Each kind of embedding failure → the status, code and Retry-After a client sees. */
class EmbeddingFailuresTest {

    private static ApiException map(Throwable failure) {
        return EmbeddingFailures.toApi(failure, "document_not_embeddable", "documents");
    }

    @Test
    void aRefusedTextIs422WithoutRetryAfter() {
        ApiException e = map(new TextNotEmbeddableException("embedding endpoint refused the texts with 413"));
        assertEquals(422, e.status());
        assertEquals("document_not_embeddable", e.code());
        assertNull(e.retryAfterSeconds());
    }

    @Test
    void aTransientFailureIs503WithRetryAfter() {
        ApiException e = map(new EmbeddingException("embedding endpoint answered 503", true, null));
        assertEquals(503, e.status());
        assertEquals("embedding_unavailable", e.code());
        assertEquals(EmbeddingFailures.RETRY_AFTER_SECONDS, e.retryAfterSeconds());
    }

    @Test
    void aRefusedRequestIs503WithoutRetryAfter() {
        ApiException e = map(new EmbeddingRejectedException("embedding endpoint refused the request with 401"));
        assertEquals(503, e.status());
        assertNull(e.retryAfterSeconds());
    }

    @Test
    void anyOtherFailureIs503AndItsMessageStaysInside() {
        ApiException e = map(new IllegalStateException("secret internal detail"));
        assertEquals(503, e.status());
        assertFalse(e.getMessage().contains("secret internal detail"));
    }
}
