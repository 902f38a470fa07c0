package studio.ainative.devkit.openai;

import java.time.Duration;
import java.util.Locale;

/**
 * A misbehaviour served in place of, or in the middle of, a normal answer. Every mode first waits
 * {@code delay} before sending anything (headers included).
 *
 * @param status the HTTP status of an ERROR fault; 0 for the other modes
 * @param afterChunks for STALL and DISCONNECT on a stream: how many SSE events go out before
 *     the stream stalls or the connection is closed
 * @param model the model whose requests it hits, or null for every model
 */
public record Fault(Mode mode, int status, Duration delay, int afterChunks, String model) {

    public enum Mode {
        /** Answer {@code status} with an OpenAI error body. */
        ERROR,
        /** Answer normally, late. */
        DELAY,
        /** Send the headers (and {@code afterChunks} events of a stream), then nothing more. */
        STALL,
        /** Close the connection: before any byte, or after {@code afterChunks} events of a stream. */
        DISCONNECT;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public boolean hits(String requestedModel) {
        return model == null || model.equals(requestedModel);
    }
}
