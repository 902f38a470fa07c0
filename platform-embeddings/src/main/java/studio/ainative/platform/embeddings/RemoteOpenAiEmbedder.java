package studio.ainative.platform.embeddings;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.VertxException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.ws.rs.ProcessingException;
import java.io.IOException;
import java.net.URI;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * Embeds through an OpenAI-compatible {@code POST {base-url}/embeddings}. Each request carries up to
 * {@code remote.batch-size} texts; one attempt is bounded by the client's read timeout
 * ({@code remote.timeout}) and, whatever it waits on, by the 30 s {@link Timeout}; it is retried twice
 * on transient failures and guarded by the {@value #CIRCUIT_BREAKER} breaker.
 * A 4xx (other than 408 and 429) is the endpoint's answer, not an outage: it is neither retried nor counted
 * by the breaker. Every failure reaches callers as an {@link EmbeddingException}.
 *
 * <p>{@link Typed} to its own class: services inject {@link Embedder}, which {@link EmbedderProducer} picks.
 */
@ApplicationScoped
@Typed(RemoteOpenAiEmbedder.class)
public class RemoteOpenAiEmbedder implements Embedder {

    public static final String CIRCUIT_BREAKER = "embeddings-remote";

    private final EmbeddingsConfig.Remote config;
    private volatile OpenAiEmbeddingsApi api;

    public RemoteOpenAiEmbedder(EmbeddingsConfig config) {
        this.config = config.remote();
    }

    @Override
    public Uni<List<float[]>> embed(List<String> texts) {
        if (texts.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<List<String>> batches = new ArrayList<>();
        for (int from = 0; from < texts.size(); from += config.batchSize()) {
            batches.add(texts.subList(from, Math.min(texts.size(), from + config.batchSize())));
        }
        // Batches one after another, so one call never floods the endpoint.
        return Multi.createFrom().iterable(batches)
                .onItem().transformToUniAndConcatenate(this::embedBatch)
                .collect().asList()
                .map(parts -> {
                    List<float[]> all = new ArrayList<>(texts.size());
                    parts.forEach(all::addAll);
                    return all;
                })
                .onFailure(failure -> !(failure instanceof EmbeddingException)).transform(RemoteOpenAiEmbedder::asEmbeddingException);
    }

    /**
     * What the fault-tolerance layer and the HTTP client throw, as the one exception callers handle: a timeout,
     * an open breaker or a connection failure (refused, reset, closed mid-answer: I/O and Vert.x exceptions,
     * however wrapped) is an outage that may pass; anything else is not known to.
     */
    static EmbeddingException asEmbeddingException(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof TimeoutException || cause instanceof CircuitBreakerOpenException || cause instanceof ProcessingException
                    || cause instanceof IOException || cause instanceof VertxException
                    || cause instanceof java.util.concurrent.TimeoutException) {
                return new EmbeddingException("embedding endpoint unavailable: " + cause.getClass().getSimpleName(), true, failure);
            }
        }
        return new EmbeddingException("embedding endpoint failed: " + failure.getClass().getSimpleName(), false, failure);
    }

    @Timeout(value = 30, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200, jitter = 100, abortOn = {EmbeddingRejectedException.class, CircuitBreakerOpenException.class})
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 10, delayUnit = ChronoUnit.SECONDS,
            skipOn = EmbeddingRejectedException.class)
    @CircuitBreakerName(CIRCUIT_BREAKER)
    public Uni<List<float[]>> embedBatch(List<String> batch) {
        String authorization = config.apiKey().map(key -> "Bearer " + key).orElse(null);
        return api().embeddings(authorization, new OpenAiEmbeddingsApi.EmbeddingsRequest(config.model(), batch, "float"))
                .map(response -> vectors(response, batch.size(), config.dimensions()));
    }

    /** The answer's vectors in input order, checked for count, length, finiteness and direction. */
    static List<float[]> vectors(OpenAiEmbeddingsApi.EmbeddingsResponse response, int expected, int dimensions) {
        if (response == null || response.data() == null || response.data().size() != expected) {
            throw new EmbeddingRejectedException("embedding endpoint returned another number of vectors than texts sent");
        }
        float[][] ordered = new float[expected][];
        for (OpenAiEmbeddingsApi.Item item : response.data()) {
            if (item.index() < 0 || item.index() >= expected || ordered[item.index()] != null || item.embedding() == null) {
                throw new EmbeddingRejectedException("embedding endpoint returned malformed data");
            }
            if (item.embedding().length != dimensions) {
                throw new EmbeddingRejectedException("embedding endpoint returned " + item.embedding().length
                        + " dimensions, configured for " + dimensions);
            }
            requireUsable(item.embedding());
            ordered[item.index()] = item.embedding();
        }
        return List.of(ordered);
    }

    /** A vector nothing can be compared with (NaN, infinite, or all zero) is no embedding of the text. */
    private static void requireUsable(float[] vector) {
        boolean nonZero = false;
        for (float x : vector) {
            if (!Float.isFinite(x)) {
                throw new TextNotEmbeddableException("embedding endpoint returned a vector with non-finite components");
            }
            nonZero |= x != 0f;
        }
        if (!nonZero) {
            throw new TextNotEmbeddableException("embedding endpoint returned an all-zero vector");
        }
    }

    @Override
    public int dimensions() {
        return config.dimensions();
    }

    private OpenAiEmbeddingsApi api() {
        OpenAiEmbeddingsApi current = api;
        if (current == null) {
            synchronized (this) {
                if (api == null) {
                    String base = config.baseUrl().orElseThrow(() -> new EmbeddingRejectedException(
                            "platform.embeddings.remote.base-url is not set"));
                    api = QuarkusRestClientBuilder.newBuilder()
                            .baseUri(URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base))
                            .connectTimeout(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                            .readTimeout(config.timeout().toMillis(), TimeUnit.MILLISECONDS)
                            .followRedirects(false)
                            .build(OpenAiEmbeddingsApi.class);
                }
                current = api;
            }
        }
        return current;
    }
}
