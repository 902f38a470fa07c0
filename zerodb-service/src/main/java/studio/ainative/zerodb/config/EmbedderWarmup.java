package studio.ainative.zerodb.config;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import studio.ainative.platform.embeddings.Embedder;

/**
 * Creates the embedder at start-up: the in-process model takes a few seconds to load, which belongs in
 * start-up (before readiness) rather than in the first request that embeds, and a model that cannot load
 * stops the service at once.
 */
@ApplicationScoped
public class EmbedderWarmup {

    private static final Logger LOG = Logger.getLogger(EmbedderWarmup.class);

    void warm(@Observes StartupEvent event, Embedder embedder) {
        LOG.infof("embedder ready: %d dimensions", embedder.dimensions());
    }
}
