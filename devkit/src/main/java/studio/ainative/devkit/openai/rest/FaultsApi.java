package studio.ainative.devkit.openai.rest;

import java.util.List;
import java.util.Map;
import studio.ainative.devkit.openai.Fault;
import studio.ainative.devkit.openai.FaultRule;
import studio.ainative.devkit.openai.service.UpstreamStats;
import studio.ainative.devkit.openai.service.UpstreamStats.Event;

/** Bodies of the fault-control endpoints under /dev/openai. */
public final class FaultsApi {

    private FaultsApi() {
    }

    public record FaultRequest(String mode, Integer status, Long delayMs, Integer afterChunks, Integer count,
                               String model) {
    }

    /** Members that do not apply to the mode are null; {@code remaining} is null for a fault armed until cleared. */
    public record FaultView(String id, String mode, Integer status, long delayMs, Integer afterChunks, String model,
                            Integer remaining) {
        static FaultView of(FaultRule rule) {
            Fault fault = rule.fault();
            boolean error = fault.mode() == Fault.Mode.ERROR;
            boolean cuts = fault.mode() == Fault.Mode.STALL || fault.mode() == Fault.Mode.DISCONNECT;
            return new FaultView(rule.id(), fault.mode().wireName(), error ? fault.status() : null,
                    fault.delay().toMillis(), cuts ? fault.afterChunks() : null, fault.model(),
                    rule.remaining().isPresent() ? rule.remaining().getAsInt() : null);
        }
    }

    public record FaultList(String object, List<FaultView> data) {
        static FaultList of(List<FaultRule> rules) {
            return new FaultList("list", rules.stream().map(FaultView::of).toList());
        }
    }

    public record FaultsCleared(int cleared) {
    }

    public record Stats(Map<String, Long> requests, long requestsRejected, long completionsServed,
                        long completionsCancelled, long streamsCompleted, long streamsCancelled, long faultsServed) {
        static Stats of(UpstreamStats stats) {
            return new Stats(stats.requestsByModel(), stats.count(Event.REJECTED),
                    stats.count(Event.COMPLETION_SERVED), stats.count(Event.COMPLETION_CANCELLED),
                    stats.count(Event.STREAM_COMPLETED), stats.count(Event.STREAM_CANCELLED),
                    stats.count(Event.FAULT_SERVED));
        }
    }
}
