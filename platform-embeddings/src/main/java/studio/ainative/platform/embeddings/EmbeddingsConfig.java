package studio.ainative.platform.embeddings;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Which embedder a service uses and how it reaches it, everything under {@code platform.embeddings.*}. */
@ConfigMapping(prefix = "platform.embeddings")
public interface EmbeddingsConfig {

    enum Provider {
        /** all-MiniLM-L6-v2 (quantized, 384 dimensions) in this JVM. */
        LOCAL,
        /** An OpenAI-compatible {@code POST {base-url}/embeddings}. */
        REMOTE
    }

    @WithDefault("local")
    Provider provider();

    Local local();

    Remote remote();

    interface Local {
        /** Texts per model call. */
        @WithDefault("32")
        int batchSize();

        /** Threads running the model; embedding never runs on an event loop. Default: one per core. */
        Optional<Integer> threads();
    }

    interface Remote {
        /** e.g. {@code https://api.openai.com/v1}; {@code /embeddings} is appended. Required when provider is remote. */
        Optional<String> baseUrl();

        /** Sent as {@code Authorization: Bearer}; from the environment only. */
        Optional<String> apiKey();

        @WithDefault("text-embedding-3-small")
        String model();

        /** The length of the vectors the model returns (text-embedding-3-small: 1536). Answers of another length are refused. */
        @WithDefault("1536")
        int dimensions();

        /** Texts per request. */
        @WithDefault("128")
        int batchSize();

        @WithDefault("2s")
        Duration connectTimeout();

        /** Read timeout of one request; each failed attempt is retried twice, and 30 s bounds an attempt whatever it waits on. */
        @WithDefault("10s")
        Duration timeout();
    }
}
