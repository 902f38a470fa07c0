package studio.ainative.memory.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** memory-service's own settings ({@code memory.*}). */
@ConfigMapping(prefix = "memory")
public interface MemoryConfig {

    Recall recall();

    Cursor cursor();

    interface Cursor {
        /** HMAC-SHA256 key of page cursors (≥ 32 characters); absent: a random key per process. */
        java.util.Optional<String> key();
    }

    interface Recall {
        /** λ of recency = exp(−λ · hours since last access). */
        @WithDefault("0.01")
        double decayPerHour();

        /** Most candidates recall's coarse pass keeps (nearest by sign code) for exact re-ranking and scoring. */
        @WithDefault("2000")
        int maxCandidates();
    }
}
