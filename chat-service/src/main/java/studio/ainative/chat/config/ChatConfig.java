package studio.ainative.chat.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** chat-service's configuration ({@code chat.*}); README "Configuration" lists every key. */
@ConfigMapping(prefix = "chat")
public interface ChatConfig {

    /** OpenAI-compatible endpoints by name; a model's route names them. */
    Map<String, Upstream> upstreams();

    /** Public model ids clients ask for. */
    Map<String, Model> models();

    Limits limits();

    Memory memory();

    Usage usage();

    /**
     * Whether {@code chat.completion.phase} also publishes this replica's p50 and p99 per phase (a histogram
     * recording per phase and completion: about 2% of the service's CPU flat out; bench/chat turns it on).
     */
    @WithDefault("false")
    boolean phasePercentiles();

    /** The largest completion request body; more is a 400 before anything is parsed. */
    @WithDefault("1048576")
    int maxBodyBytes();

    interface Upstream {
        /** Base URL ending in the API version, e.g. {@code https://api.openai.com/v1}. */
        String baseUrl();

        /** Sent as {@code Authorization: Bearer}; none when empty. */
        Optional<String> apiKey();

        @WithDefault("2s")
        Duration connectTimeout();

        /**
         * Until the upstream's first byte: its response head and, when streaming, its first event. Up to here
         * a failure is retried and falls back to the next upstream; after it, never.
         */
        @WithDefault("60s")
        Duration firstByteTimeout();

        /** Longest silence after the first byte (between stream events) before the request is cut. */
        @WithDefault("60s")
        Duration idleTimeout();

        /** Retries on this upstream (5xx, timeout, connection failure) before falling back to the next one. */
        @WithDefault("1")
        int maxRetries();

        @WithDefault("100ms")
        Duration retryDelay();

        @WithDefault("64")
        int maxConnections();

        /** The largest non-streamed answer read from this upstream. */
        @WithDefault("8388608")
        int maxResponseBytes();

        CircuitBreaker circuitBreaker();
    }

    interface CircuitBreaker {
        /** Calls in the rolling window the failure ratio is computed over. */
        @WithDefault("20")
        int requestVolumeThreshold();

        @WithDefault("0.5")
        double failureRatio();

        /** How long an open breaker refuses calls before letting a trial through. */
        @WithDefault("10s")
        Duration delay();

        @WithDefault("2")
        int successThreshold();
    }

    interface Model {
        /** {@code upstream:upstream-model} entries, tried in order. */
        List<String> route();

        /** Other ids that name this model (e.g. a provider's full name). */
        Optional<List<String>> aliases();

        /** The largest {@code max_tokens} / {@code max_completion_tokens} a request may ask for. */
        @WithDefault("4096")
        int maxTokens();

        /** The largest {@code n}; 1 refuses several choices. */
        @WithDefault("1")
        int maxN();

        @WithDefault("ainative")
        String ownedBy();
    }

    interface Limits {
        @WithDefault("300")
        long requestsPerMinute();

        @WithDefault("300000")
        long tokensPerMinute();

        /** Longest wait for Redis on a request; past it the request goes on, counted as unlimited. */
        @WithDefault("150ms")
        Duration redisTimeout();

        /**
         * How long the limits may fail open while Redis is unreachable. Past it, each replica enforces the same
         * limits on its own (in memory) until Redis answers again: never a 5xx, never unlimited for long.
         */
        @WithDefault("60s")
        Duration failOpenFor();

        @WithDefault("chat:")
        String keyPrefix();

        /**
         * Admission ahead of Redis: a caller whose counts this replica learned from Redis within the last second
         * stand more than {@code ahead-headroom} below both limits (its own admissions since included) is admitted
         * at once, and the request counted in Redis without waiting for the reply. Near a limit, and for a caller
         * this replica knows nothing recent of, every admission waits for Redis. False: every admission waits.
         */
        @WithDefault("true")
        boolean admitAhead();

        /** The share of each limit kept for admissions that wait for Redis (0 to 1; at least one request, one token). */
        @WithDefault("0.1")
        double aheadHeadroom();
    }

    interface Memory {
        @WithDefault("5")
        int defaultLimit();

        @WithDefault("20")
        int maxLimit();

        /** The largest memory text put into the system message, each. */
        @WithName("max-memory-chars")
        @WithDefault("2000")
        int maxMemoryChars();
    }

    interface Usage {
        /**
         * How long a caller's first waiting usage record waits for more before their transaction starts (see
         * UsageWriter); records of a busy caller share it. Zero: at once.
         */
        @WithDefault("50ms")
        Duration batchDelay();

        /**
         * Records waiting, in all, for their caller's write in flight to end (see UsageWriter); past it a record is
         * dropped and counted.
         */
        @WithDefault("10000")
        int maxWaiting();
    }
}
