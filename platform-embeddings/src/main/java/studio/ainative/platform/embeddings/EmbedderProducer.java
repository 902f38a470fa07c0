package studio.ainative.platform.embeddings;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;

/** The service-wide {@link Embedder}, chosen by {@code platform.embeddings.provider}. A service's own Embedder bean replaces it. */
@ApplicationScoped
public class EmbedderProducer {

    @Produces
    @DefaultBean
    @ApplicationScoped
    Embedder embedder(EmbeddingsConfig config, Instance<RemoteOpenAiEmbedder> remote) {
        return switch (config.provider()) {
            case REMOTE -> remote.get();
            case LOCAL -> new LocalMiniLmEmbedder(
                    config.local().threads().orElse(Runtime.getRuntime().availableProcessors()), config.local().batchSize());
        };
    }

    void close(@Disposes Embedder embedder) {
        if (embedder instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                // shutting down: nothing left to do
            }
        }
    }
}
