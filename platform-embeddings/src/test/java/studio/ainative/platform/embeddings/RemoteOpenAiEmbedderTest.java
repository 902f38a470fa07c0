package studio.ainative.platform.embeddings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = FakeOpenAiServer.class, restrictToAnnotatedClass = true)
class RemoteOpenAiEmbedderTest {

    @Inject
    Embedder embedder;

    @BeforeEach
    void reset() {
        FakeOpenAiServer.reset();
    }

    private List<float[]> embed(String... texts) {
        return embedder.embed(List.of(texts)).await().atMost(Duration.ofSeconds(30));
    }

    @Test
    void providerRemoteSelectsTheRemoteEmbedderWithItsConfiguredDimensions() {
        assertEquals(4, embedder.dimensions());
        assertFalse(embedder instanceof LocalMiniLmEmbedder);
    }

    @Test
    void returnsVectorsInInputOrderAcrossBatches() {
        // Batch size 3: five texts are two requests, each answered in reverse index order.
        List<float[]> vectors = embed("a", "bb", "ccc", "dddd", "eeeee");
        assertEquals(5, vectors.size());
        for (int i = 0; i < 5; i++) {
            assertEquals(i + 1, vectors.get(i)[0], 1e-6);
        }
        assertEquals(2, FakeOpenAiServer.REQUESTS.get());
        assertEquals("Bearer sk-test-key", FakeOpenAiServer.lastAuthorization);
    }

    @Test
    void retriesATransientServerError() {
        FakeOpenAiServer.failNext(503);
        assertEquals(1, embed("hello").size());
        assertEquals(2, FakeOpenAiServer.REQUESTS.get());
    }

    @Test
    void aRefusalOfTheTextsIsNotEmbeddableAndNotRetried() {
        for (int status : new int[] {400, 413, 422}) {
            FakeOpenAiServer.reset();
            FakeOpenAiServer.failNext(status);
            RuntimeException failure = assertThrows(RuntimeException.class, () -> embed("hello"));
            assertInstanceOf(TextNotEmbeddableException.class, failure, "status " + status);
            assertEquals(1, FakeOpenAiServer.REQUESTS.get(), "status " + status);
        }
    }

    @Test
    void aRefusalOfTheRequestIsARejectionThatDoesNotBlameTheTexts() {
        FakeOpenAiServer.failNext(401);
        RuntimeException failure = assertThrows(RuntimeException.class, () -> embed("hello"));
        assertInstanceOf(EmbeddingRejectedException.class, failure);
        assertFalse(failure instanceof TextNotEmbeddableException);
        assertEquals(1, FakeOpenAiServer.REQUESTS.get());
    }

    @Test
    void aConnectionDroppedOnEveryAttemptIsARetryableEmbeddingException() {
        FakeOpenAiServer.failNext(FakeOpenAiServer.DROP_CONNECTION, FakeOpenAiServer.DROP_CONNECTION, FakeOpenAiServer.DROP_CONNECTION);
        RuntimeException failure = assertThrows(RuntimeException.class, () -> embed("hello"));
        EmbeddingException embedding = assertInstanceOf(EmbeddingException.class, failure, failure.toString());
        assertTrue(embedding.retryable(), embedding + " caused by " + embedding.getCause());
        assertEquals(3, FakeOpenAiServer.REQUESTS.get());
    }

    @Test
    void nonFiniteVectorsAreRefused() {
        // 1e39 is valid JSON but no float: it reads as Infinity.
        FakeOpenAiServer.value = 1e39;
        assertInstanceOf(TextNotEmbeddableException.class, assertThrows(RuntimeException.class, () -> embed("hello")));
        assertEquals(1, FakeOpenAiServer.REQUESTS.get());
    }

    @Test
    void allZeroVectorsAreRefused() {
        FakeOpenAiServer.value = 0.0;
        assertInstanceOf(TextNotEmbeddableException.class, assertThrows(RuntimeException.class, () -> embed("hello")));
    }

    @Test
    void refusesVectorsOfAnotherLengthThanConfigured() {
        FakeOpenAiServer.dimensions = 5;
        EmbeddingException failure = assertThrows(EmbeddingException.class, () -> embed("hello"));
        assertFalse(failure.retryable());
        assertTrue(failure.getMessage().contains("5 dimensions"));
    }
}
