package studio.ainative.platform.embeddings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import studio.ainative.platform.web.ApiException;

/** Each kind of embedding failure → the status, code and Retry-After a client sees. */
class EmbeddingFailuresTest {

    private static final EmbeddingFailures DOCUMENTS = new EmbeddingFailures("document_not_embeddable", "documents", "send vector_embedding");

    @Test
    void aRefusedTextIs422WithoutRetryAfter() {
        ApiException e = DOCUMENTS.toApi(new TextNotEmbeddableException("embedding endpoint refused the texts with 413"));
        assertEquals(422, e.status());
        assertEquals("document_not_embeddable", e.code());
        assertNull(e.retryAfterSeconds());
        assertEquals("the embedding model could not embed the documents; send vector_embedding instead, or change the text", e.getMessage());
    }

    @Test
    void aTransientFailureIs503WithRetryAfter() {
        ApiException e = DOCUMENTS.toApi(new EmbeddingException("embedding endpoint answered 503", true, null));
        assertEquals(503, e.status());
        assertEquals("embedding_unavailable", e.code());
        assertEquals(EmbeddingFailures.RETRY_AFTER_SECONDS, e.retryAfterSeconds());
    }

    @Test
    void aRefusedRequestIs503WithoutRetryAfter() {
        ApiException e = DOCUMENTS.toApi(new EmbeddingRejectedException("embedding endpoint refused the request with 401"));
        assertEquals(503, e.status());
        assertNull(e.retryAfterSeconds());
    }

    @Test
    void anyOtherFailureIs503AndItsMessageStaysInside() {
        ApiException e = DOCUMENTS.toApi(new IllegalStateException("secret internal detail"));
        assertEquals(503, e.status());
        assertFalse(e.getMessage().contains("secret internal detail"));
    }

    @Test
    void anApiExceptionPassesThrough() {
        ApiException own = ApiException.badRequest("invalid_request", "no");
        assertSame(own, DOCUMENTS.toApi(own));
    }

    @Test
    void withoutAFallbackTheDetailOnlySuggestsChangingTheText() {
        ApiException e = new EmbeddingFailures("content_not_embeddable", "content", null)
                .toApi(new TextNotEmbeddableException("refused"));
        assertEquals("content_not_embeddable", e.code());
        assertEquals("the embedding model could not embed the content; change the text", e.getMessage());
        assertTrue(new EmbeddingFailures("content_not_embeddable", "content", null)
                .toApi(new EmbeddingException("down", true, null)).getMessage().endsWith("; retry"));
    }
}
