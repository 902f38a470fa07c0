package studio.ainative.devkit.openai.config;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;
import java.util.List;

/** The emulated OpenAI-compatible upstream. */
@ConfigMapping(prefix = "devkit.openai")
public interface OpenAiConfig {

    /** The one API key callers send as Authorization: Bearer. */
    String apiKey();

    /** Model ids served, in the order GET /v1/models lists them. */
    List<String> models();

    /** Pause between two streamed chunks; zero still yields to the event loop between chunks. */
    Duration chunkDelay();

    /** The emulated models' output limit: a longer reply stops with finish_reason "length". */
    int maxCompletionTokens();

    /** Largest delay_ms a fault may ask for. */
    Duration maxFaultDelay();

    /** A stalled response is closed after this long if the client has not given up first. */
    Duration maxStall();
}
