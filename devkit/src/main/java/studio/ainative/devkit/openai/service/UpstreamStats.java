package studio.ainative.devkit.openai.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import studio.ainative.devkit.openai.ServedModel;

/**
 * What the upstream has seen since it started, for tests to assert on (by difference: the counters
 * are never reset, so tests running one after another do not disturb each other). Requests are
 * counted per configured model only, so the map cannot grow with caller input.
 */
@ApplicationScoped
public class UpstreamStats {

    public enum Event {
        /** Refused with a 4xx of the API's own: credentials, validation, unknown model or route. */
        REJECTED,
        FAULT_SERVED,
        /** A non-streamed answer delivered whole. */
        COMPLETION_SERVED,
        /** The client left before a non-streamed answer was delivered (during a delay or stall). */
        COMPLETION_CANCELLED,
        /** A stream delivered up to [DONE]. */
        STREAM_COMPLETED,
        /** The client left before [DONE]. */
        STREAM_CANCELLED
    }

    private final Map<String, LongAdder> requests = new LinkedHashMap<>();
    private final Map<Event, LongAdder> events = new EnumMap<>(Event.class);

    public UpstreamStats(ModelCatalog catalog) {
        for (ServedModel model : catalog.all()) {
            requests.put(model.id(), new LongAdder());
        }
        for (Event event : Event.values()) {
            events.put(event, new LongAdder());
        }
    }

    /** A valid chat completion request for a served model. */
    public void received(String model) {
        requests.get(model).increment();
    }

    public void record(Event event) {
        events.get(event).increment();
    }

    public static Event cancelled(boolean stream) {
        return stream ? Event.STREAM_CANCELLED : Event.COMPLETION_CANCELLED;
    }

    public Map<String, Long> requestsByModel() {
        Map<String, Long> counts = new LinkedHashMap<>();
        requests.forEach((model, count) -> counts.put(model, count.sum()));
        return counts;
    }

    public long count(Event event) {
        return events.get(event).sum();
    }
}
