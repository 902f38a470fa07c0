package studio.ainative.bench.chaos;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * chat-service's first upstream fails (devkit's {@code /dev/openai/faults}, for llama-3.3-70b only, whose route
 * falls back to a second upstream: {@code chat-upstreams.properties}): HTTP 500 for the first third of the
 * fault; then, once its circuit breaker has closed again, it stalls after two events of every stream (and sends
 * nothing after the head of a non-streamed answer). Claims: fallback before the first byte (the 500s cost the
 * client nothing); none after it (a stalled stream ends in an error event, not in another upstream's answer);
 * the breaker opens and closes, counts read from chat-service's metrics.
 */
final class UpstreamFaults implements Fault {

    private static final Map<String, String> DEFAULT = Map.of("upstream", "default");

    private final Map<String, Object> seen = new LinkedHashMap<>();
    private long errorsUntilMs;
    private double fallbacksBefore;
    private double fallbacksAfterErrors;
    private double openedBefore;
    private double openedAfterErrors;
    private double closedBefore;
    private double closedAtEnd;
    private double stateAtEnd;
    private double maxStateDuringErrors;
    private Double closedAfterErrorsS;
    private String streamProbe = "not run";
    private boolean streamBrokenAfterFirstByte;
    private int jsonProbeStatus;

    @Override
    public String name() {
        return "upstream";
    }

    @Override
    public String summary() {
        return "chat's first upstream answers 500, then (its breaker closed again) stalls mid-stream";
    }

    /** Long enough for the breaker's 10 s delay and its closing between the two halves, in the short form too. */
    @Override
    public int duringSeconds(Form form) {
        return form.isLong() ? 60 : 30;
    }

    private void arm(FaultContext context, String body) {
        Http.Reply reply = context.http.post(context.stack.devkit() + "/dev/openai/faults", Map.of(), "application/json",
                body.getBytes(StandardCharsets.UTF_8));
        if (reply.status() != 201) {
            throw new IllegalStateException("devkit refused the fault " + body + ": " + reply.status() + " " + reply.text());
        }
    }

    private void clear(FaultContext context) {
        context.http.method("DELETE", context.stack.devkit() + "/dev/openai/faults", Map.of(), null, null);
    }

    private double metric(FaultContext context, String name, Map<String, String> labels) {
        return context.metric("chat-service", name, labels);
    }

    private static Map<String, String> to(String state) {
        return Map.of("upstream", "default", "to", state);
    }

    @Override
    public void inject(FaultContext context) {
        fallbacksBefore = metric(context, "chat_upstream_fallbacks_total", DEFAULT);
        openedBefore = metric(context, "chat_upstream_breaker_transitions_total", to("open"));
        closedBefore = metric(context, "chat_upstream_breaker_transitions_total", to("closed"));
        arm(context, "{\"mode\": \"error\", \"status\": 500, \"model\": \"" + Workload.CHAT_MODEL + "\"}");
    }

    @Override
    public void during(FaultContext context, long untilMs) throws Exception {
        long start = context.recorder.nowMs();
        errorsUntilMs = start + (untilMs - start) / 3;
        while (context.recorder.nowMs() < errorsUntilMs) {
            maxStateDuringErrors = Math.max(maxStateDuringErrors, metric(context, "chat_upstream_breaker_state", DEFAULT));
            context.sleepUntil(context.recorder.nowMs() + 500);
        }
        clear(context);
        fallbacksAfterErrors = metric(context, "chat_upstream_fallbacks_total", DEFAULT);
        openedAfterErrors = metric(context, "chat_upstream_breaker_transitions_total", to("open"));
        // The breaker half-opens after its delay (10 s) and closes after two successes of the load.
        closedAfterErrorsS = context.secondsUntil(untilMs - 3000, 250,
                () -> metric(context, "chat_upstream_breaker_state", DEFAULT) == 0);
        seen.put("breaker_closed_s_after_500s_ended", closedAfterErrorsS);
        arm(context, "{\"mode\": \"stall\", \"after_chunks\": 2, \"model\": \"" + Workload.CHAT_MODEL + "\"}");
        Users.User prober = context.workload.users().get(0);
        Http.Reply stream = context.workload.chatReply(prober.token(), true);
        String body = stream.text();
        streamBrokenAfterFirstByte = stream.status() == 200 && body.contains("\"delta\"") && body.contains("upstream_stream_broken")
                && !body.contains("[DONE]");
        streamProbe = stream.status() + (body.contains("upstream_stream_broken") ? " ending in upstream_stream_broken" : "")
                + (body.contains("[DONE]") ? " with [DONE]" : " without [DONE]") + ", " + Math.round(stream.latencyMs()) + " ms";
        jsonProbeStatus = context.workload.chatReply(prober.token(), false).status();
        seen.put("stalled_stream_probe", streamProbe);
        seen.put("stalled_json_probe_status", jsonProbeStatus);
        context.sleepUntil(untilMs);
    }

    @Override
    public void heal(FaultContext context) {
        clear(context);
    }

    @Override
    public void after(FaultContext context, long untilMs) throws Exception {
        // The stalls opened the breaker again: it closes once its delay has passed and the load succeeds twice.
        Double closedAgain = context.secondsUntil(Math.max(untilMs, context.recorder.nowMs() + 25_000), 250,
                () -> metric(context, "chat_upstream_breaker_state", DEFAULT) == 0);
        seen.put("breaker_closed_s_after_the_fault", closedAgain);
        context.sleepUntil(untilMs);
        closedAtEnd = metric(context, "chat_upstream_breaker_transitions_total", to("closed"));
        stateAtEnd = metric(context, "chat_upstream_breaker_state", DEFAULT);
    }

    @Override
    public List<Check> checks(FaultContext context, Window w) {
        List<Check> checks = new ArrayList<>();
        List<Sample> during500 = Window.of(context.recorder, w.injectMs(), errorsUntilMs, CHAT_OPS);
        long served = during500.stream().filter(Sample::ok).count();
        double fallbacks = fallbacksAfterErrors - fallbacksBefore;
        checks.add(Check.of("500s before the first byte fall back to the next upstream",
                !during500.isEmpty() && served == during500.size() && fallbacks > 0,
                served + " of " + during500.size() + " chat requests answered while the first upstream answered 500; "
                        + (long) fallbacks + " fallbacks counted (chat_upstream_fallbacks_total{upstream=default})"));
        double opened = openedAfterErrors - openedBefore;
        double closed = closedAtEnd - closedBefore;
        checks.add(Check.of("the breaker opens and closes", opened >= 1 && maxStateDuringErrors == 2 && closedAfterErrorsS != null
                        && closed >= 1 && stateAtEnd == 0,
                (long) opened + " transitions to open during the 500s (state 2 seen: " + (maxStateDuringErrors == 2) + "), closed again "
                        + closedAfterErrorsS + " s after they ended; " + (long) closed + " transitions to closed in all, state "
                        + stateAtEnd + " at the end"));
        checks.add(Check.of("no fallback after the first byte: a stream stalled mid-way ends in an error event",
                streamBrokenAfterFirstByte, "the probe stream: " + streamProbe));
        seen.put("breaker_opened", (long) opened);
        seen.put("breaker_closed", (long) closed);
        seen.put("fallbacks_during_500s", (long) fallbacks);
        return checks;
    }

    @Override
    public Map<String, Object> observations() {
        return seen;
    }
}
