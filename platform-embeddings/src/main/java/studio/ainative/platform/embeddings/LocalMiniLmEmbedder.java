package studio.ainative.platform.embeddings;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * all-MiniLM-L6-v2 (quantized ONNX, 384 dimensions) in this JVM. The model call blocks for milliseconds
 * per text, so it runs on a pool of its own and never on an event loop; texts go to the model in batches
 * of {@code batch-size}. Vectors are returned unit-length, so a dot product is their cosine.
 *
 * <p>Not a CDI bean by itself: {@link EmbedderProducer} creates it only when the provider is local, so a
 * service configured for a remote endpoint never loads the 23 MB model.
 */
public final class LocalMiniLmEmbedder implements Embedder, AutoCloseable {

    public static final int DIMENSIONS = 384;

    private final ExecutorService pool;
    private final EmbeddingModel model;
    private final int batchSize;

    public LocalMiniLmEmbedder(int threads, int batchSize) {
        if (threads < 1 || batchSize < 1) {
            throw new IllegalArgumentException("threads and batch size must be positive");
        }
        this.pool = Executors.newFixedThreadPool(threads, named("embeddings-"));
        // The model spreads one batch's texts over the same pool's threads.
        this.model = new AllMiniLmL6V2QuantizedEmbeddingModel(pool);
        this.batchSize = batchSize;
    }

    @Override
    public Uni<List<float[]>> embed(List<String> texts) {
        if (texts.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        // The batch loop waits on the model's tasks, so it runs on the Quarkus worker pool rather
        // than on the model's own threads (which it would otherwise exhaust and deadlock).
        return Uni.createFrom().item(() -> embedBlocking(texts)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /** The blocking call itself, for callers already on a worker thread (benchmarks, tests). */
    public List<float[]> embedBlocking(List<String> texts) {
        List<float[]> out = new ArrayList<>(texts.size());
        for (int from = 0; from < texts.size(); from += batchSize) {
            List<TextSegment> batch = texts.subList(from, Math.min(texts.size(), from + batchSize)).stream()
                    .map(TextSegment::from).toList();
            for (Embedding embedding : model.embedAll(batch).content()) {
                out.add(Vectors.normalized(embedding.vector()));
            }
        }
        return out;
    }

    @Override
    public int dimensions() {
        return DIMENSIONS;
    }

    @Override
    public void close() {
        pool.shutdown();
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
