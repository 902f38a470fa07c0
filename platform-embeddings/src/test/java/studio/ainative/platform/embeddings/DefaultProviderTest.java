package studio.ainative.platform.embeddings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
class DefaultProviderTest {

    @Inject
    Embedder embedder;

    @Test
    void withoutConfigurationTheInProcessMiniLmModelEmbeds() {
        assertEquals(384, embedder.dimensions());
        List<float[]> vectors = embedder.embed(List.of("hello world")).await().atMost(Duration.ofSeconds(60));
        assertEquals(384, vectors.get(0).length);
        assertEquals(1.0, Vectors.norm(vectors.get(0)), 1e-4);
    }
}
