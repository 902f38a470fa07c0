package studio.ainative.platform.embeddings;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.http.HttpClosedException;
import jakarta.ws.rs.ProcessingException;
import java.net.ConnectException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.junit.jupiter.api.Test;

/** What the fault-tolerance layer and the HTTP client throw, as the one exception callers of the remote embedder handle. */
class RemoteFailureMappingTest {

    @Test
    void timeoutsOpenBreakersAndConnectionFailuresAreRetryable() {
        for (Throwable failure : new Throwable[] {new TimeoutException("30 s"), new CircuitBreakerOpenException("embeddings-remote"),
                new ProcessingException("failed"), new ConnectException("Connection refused"), new HttpClosedException("closed"),
                new RuntimeException(new ProcessingException(new java.net.SocketTimeoutException("read timed out")))}) {
            EmbeddingException mapped = RemoteOpenAiEmbedder.asEmbeddingException(failure);
            assertTrue(mapped.retryable(), failure.toString());
            assertSame(failure, mapped.getCause());
        }
    }

    @Test
    void anythingElseIsAnEmbeddingExceptionThatIsNotRetryable() {
        assertFalse(RemoteOpenAiEmbedder.asEmbeddingException(new IllegalStateException("unexpected")).retryable());
        assertFalse(RemoteOpenAiEmbedder.asEmbeddingException(new IllegalArgumentException(new IllegalStateException())).retryable());
    }
}
