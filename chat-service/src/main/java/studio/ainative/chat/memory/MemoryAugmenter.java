package studio.ainative.chat.memory;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;
import studio.ainative.chat.memory.MemoryServiceClient.RecallBody;
import studio.ainative.chat.memory.MemoryServiceClient.Recalled;
import studio.ainative.chat.memory.MemoryServiceClient.RememberBody;
import studio.ainative.platform.auth.ServiceCallers;

/**
 * Memory-augmented chat's two calls to memory-service, each bounded by MicroProfile Fault Tolerance: a
 * timeout, a circuit breaker each ({@code chat-memory-recall}, {@code chat-memory-remember}) and a fallback, so a slow or absent
 * memory-service costs a completion at most the timeout and never fails it. Timeouts are configurable with
 * the standard keys, e.g. {@code quarkus.fault-tolerance."studio.ainative.chat.memory.MemoryAugmenter/recall".timeout.value}.
 */
@ApplicationScoped
public class MemoryAugmenter {

    private static final Logger LOG = Logger.getLogger(MemoryAugmenter.class);
    /** memory-service's content bound (32 KiB of UTF-8); a longer message is not remembered. */
    static final int MAX_CONTENT_BYTES = 32 * 1024;
    /** The query sent for recall: the start of the user's message is what its meaning rests on. */
    static final int MAX_QUERY_CHARS = 4000;

    /** What recall gave: the memories, or {@code available} false when memory-service did not answer. */
    public record Recall(List<Recalled> memories, boolean available) {
        static final Recall UNAVAILABLE = new Recall(List.of(), false);
    }

    private final MemoryServiceClient memory;
    private final MeterRegistry registry;

    public MemoryAugmenter(@RestClient MemoryServiceClient memory, MeterRegistry registry) {
        this.memory = memory;
        this.registry = registry;
    }

    /**
     * The caller's memories most relevant to {@code query}; {@code headers} carry the signed principal,
     * {@code requestId} the completion's request id.
     */
    @Timeout(1500)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 10_000, successThreshold = 2)
    @CircuitBreakerName("chat-memory-recall")
    @Fallback(fallbackMethod = "recallUnavailable")
    public Uni<Recall> recall(Map<String, String> headers, String requestId, String query, String entityName, int limit) {
        String bounded = query.length() > MAX_QUERY_CHARS ? query.substring(0, MAX_QUERY_CHARS) : query;
        return memory.recall(headers.get("Authorization"), headers.get(ServiceCallers.HEADER), requestId,
                        new RecallBody(bounded, entityName, limit))
                .map(answer -> new Recall(answer.results() == null ? List.of() : answer.results(), true))
                .invoke(() -> registry.counter("chat.memory.calls", "op", "recall", "outcome", "ok").increment());
    }

    Uni<Recall> recallUnavailable(Map<String, String> headers, String requestId, String query, String entityName, int limit,
                                  Throwable failure) {
        registry.counter("chat.memory.calls", "op", "recall", "outcome", "unavailable").increment();
        LOG.warnf("memory recall unavailable, answering without memories: %s", failure.toString());
        return Uni.createFrom().item(Recall.UNAVAILABLE);
    }

    /** Stores the user's message as a memory of {@code entityName}; true when memory-service took it. */
    @Timeout(3000)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 10_000, successThreshold = 2)
    @CircuitBreakerName("chat-memory-remember")
    @Fallback(fallbackMethod = "rememberUnavailable")
    public Uni<Boolean> remember(Map<String, String> headers, String requestId, String content, String entityName) {
        if (content.getBytes(StandardCharsets.UTF_8).length > MAX_CONTENT_BYTES) {
            registry.counter("chat.memory.calls", "op", "remember", "outcome", "too_large").increment();
            return Uni.createFrom().item(false);
        }
        return memory.remember(headers.get("Authorization"), headers.get(ServiceCallers.HEADER), requestId,
                        new RememberBody(content, entityName))
                .map(answer -> true)
                .invoke(() -> registry.counter("chat.memory.calls", "op", "remember", "outcome", "ok").increment());
    }

    Uni<Boolean> rememberUnavailable(Map<String, String> headers, String requestId, String content, String entityName, Throwable failure) {
        registry.counter("chat.memory.calls", "op", "remember", "outcome", "unavailable").increment();
        LOG.warnf("memory remember failed, the message is not remembered: %s", failure.toString());
        return Uni.createFrom().item(false);
    }
}
