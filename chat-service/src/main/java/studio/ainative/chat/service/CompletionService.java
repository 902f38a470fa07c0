package studio.ainative.chat.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;
import studio.ainative.chat.limits.RateDecision;
import studio.ainative.chat.limits.RateLimiter;
import studio.ainative.chat.memory.MemoryAugmenter;
import studio.ainative.chat.memory.MemoryAugmenter.Recall;
import studio.ainative.chat.memory.MemoryServiceClient.Recalled;
import studio.ainative.chat.rest.OpenAiError;
import studio.ainative.chat.upstream.UpstreamAnswer;
import studio.ainative.chat.upstream.UpstreamRouter;
import studio.ainative.chat.upstream.UpstreamRouter.Routed;
import studio.ainative.chat.usage.UsageService;
import studio.ainative.platform.auth.PlatformPrincipal;
import studio.ainative.platform.auth.SignedPrincipalHeaders;
import studio.ainative.platform.web.RequestIds;

/**
 * One completion from admission to usage record: the caller's limits, memories (when asked), the upstream
 * route, the answer relayed (whole, or streamed event by event), then the record, the caller's tokens and the
 * memory of the user's message. The request's id goes along to memory-service and to every upstream attempt.
 */
@ApplicationScoped
public class CompletionService {

    private static final Logger LOG = Logger.getLogger(CompletionService.class);
    /** Says whether memories were used: {@code used}, {@code none} (none relevant) or {@code unavailable}. */
    public static final String MEMORY_HEADER = "x-ainative-memory";
    private static final String MEMORY_PREAMBLE = "Relevant memories about the user, most relevant first:";

    private final RateLimiter limiter;
    private final MemoryAugmenter memory;
    private final SignedPrincipalHeaders signedPrincipal;
    private final UpstreamRouter router;
    private final UsageService usage;
    private final Responses responses;
    private final ObjectMapper json;
    private final Clock clock;
    private final MeterRegistry registry;
    private final CompletionPhases phases;
    private final Map<String, Timer> timers = new java.util.concurrent.ConcurrentHashMap<>();
    private final int maxMemoryChars;

    public CompletionService(RateLimiter limiter, MemoryAugmenter memory, SignedPrincipalHeaders signedPrincipal, UpstreamRouter router,
                             UsageService usage, Responses responses, ObjectMapper json, Clock clock, MeterRegistry registry,
                             CompletionPhases phases, studio.ainative.chat.config.ChatConfig config) {
        this.limiter = limiter;
        this.memory = memory;
        this.signedPrincipal = signedPrincipal;
        this.router = router;
        this.usage = usage;
        this.responses = responses;
        this.json = json;
        this.clock = clock;
        this.registry = registry;
        this.phases = phases;
        this.maxMemoryChars = config.memory().maxMemoryChars();
    }

    /** What admission and memory gave, before the upstream is called. */
    private record Prepared(RateDecision limits, ObjectNode body, Recall recall) {
    }

    private record Answered(Prepared prepared, Routed routed) {
    }

    /** {@code since}: when the request's parsing ended ({@link System#nanoTime()}), the admission's start. */
    public void complete(HttpServerResponse out, SecurityIdentity identity, PlatformPrincipal caller, CompletionRequest request, long since) {
        long started = System.nanoTime();
        long[] phaseStart = {since};
        Instant at = clock.instant();
        Context context = Vertx.currentContext();
        String requestId = RequestIds.current();
        String callerKey = RateLimiter.callerKey(caller.projectId(), caller.isApiKey(),
                caller.isApiKey() ? String.valueOf(caller.keyId()) : caller.ownerId());
        Map<String, String> memoryHeaders = request.memory().isPresent() ? signedPrincipal.forIdentity(identity) : Map.of();

        // Set once the upstream route is tried: from then on a failure is usage too (a 502, a 504, an upstream's 4xx).
        AtomicBoolean routed = new AtomicBoolean();
        limiter.admit(callerKey)
                .invoke(() -> phaseStart[0] = phases.record(CompletionPhases.Phase.ADMIT, phaseStart[0]))
                .chain(decision -> {
                    if (!decision.allowed()) {
                        return Uni.createFrom().failure(limited(decision));
                    }
                    return recall(request, memoryHeaders, requestId).map(recall -> new Prepared(decision, withMemories(request.upstreamBody(), recall), recall));
                })
                .chain(prepared -> {
                    routed.set(true);
                    return router.complete(request.route(), prepared.body(), request.stream(), requestId)
                            .onFailure(OpenAiError.class).transform(e -> ((OpenAiError) e).withHeaders(prepared.limits().headers()))
                            .map(answer -> new Answered(prepared, answer));
                })
                .subscribe().with(
                        answered -> {
                            phaseStart[0] = phases.record(CompletionPhases.Phase.UPSTREAM, phaseStart[0]);
                            answer(context.owner(), out, request, answered.prepared(), answered.routed(),
                                    outcome -> finish(context, caller, callerKey, request, memoryHeaders, requestId, at, started, outcome));
                            phases.record(CompletionPhases.Phase.RESPOND, phaseStart[0]);
                        },
                        failure -> {
                            OpenAiError error = asError(failure);
                            responses.error(out, error);
                            if (routed.get()) {
                                finish(context, caller, callerKey, request, Map.of(), requestId, at, started,
                                        new Outcome(error.status(), "none", request.route().id(), 0, 0));
                            } else {
                                metrics(request, error.status(), started);
                            }
                        });
    }

    private Uni<Recall> recall(CompletionRequest request, Map<String, String> headers, String requestId) {
        if (request.memory().isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        if (request.lastUserText().isEmpty() || headers.isEmpty()) {
            return Uni.createFrom().item(new Recall(List.of(), true));
        }
        CompletionRequest.MemoryOptions options = request.memory().get();
        return memory.recall(headers, requestId, request.lastUserText().get(), options.entityName().orElse(null), options.limit());
    }

    /** The body with the recalled memories as a first system message; the body itself when there are none. */
    private ObjectNode withMemories(ObjectNode body, Recall recall) {
        if (recall == null || recall.memories().isEmpty()) {
            return body;
        }
        StringBuilder text = new StringBuilder(MEMORY_PREAMBLE);
        for (Recalled memory : recall.memories()) {
            String content = memory.content() == null ? "" : memory.content();
            text.append("\n- ").append(content.length() > maxMemoryChars ? content.substring(0, maxMemoryChars) + "…" : content);
        }
        ObjectNode augmented = body.deepCopy();
        ArrayNode messages = augmented.putArray("messages");
        messages.addObject().put("role", "system").put("content", text.toString());
        body.withArray("messages").forEach(messages::add);
        return augmented;
    }

    private void answer(Vertx vertx, HttpServerResponse out, CompletionRequest request, Prepared prepared, Routed routed,
                        java.util.function.Consumer<Outcome> done) {
        Map<String, String> headers = new LinkedHashMap<>(prepared.limits().headers());
        List<String> memoryIds = null;
        if (request.memory().isPresent()) {
            Recall recall = prepared.recall();
            memoryIds = recall.memories().stream().map(Recalled::memoryId).toList();
            headers.put(MEMORY_HEADER, !recall.available() ? "unavailable" : memoryIds.isEmpty() ? "none" : "used");
        }
        String upstream = routed.target().upstream();
        String upstreamModel = routed.target().model();
        if (routed.answer() instanceof UpstreamAnswer.Streaming streaming) {
            new StreamRelay(vertx, out, streaming, json, request.includeUsage(), memoryIds, upstream, upstreamModel, done).start(headers);
            return;
        }
        UpstreamAnswer.Complete complete = (UpstreamAnswer.Complete) routed.answer();
        JsonNode answer;
        try {
            answer = json.readTree(complete.body().getBytes());
        } catch (IOException e) {
            answer = null;
        }
        if (!(answer instanceof ObjectNode object)) {
            LOG.warnf("upstream %s answered a completion that is not a JSON object", upstream);
            responses.error(out, new OpenAiError(502, OpenAiError.UPSTREAM, "upstream_invalid_response", null,
                    "The upstream's answer could not be read.").withHeaders(prepared.limits().headers()));
            done.accept(new Outcome(502, upstream, upstreamModel, 0, 0));
            return;
        }
        JsonNode usageNode = object.path("usage");
        Buffer body = complete.body();
        if (memoryIds != null) {
            object.putObject("memory").set("used", json.valueToTree(memoryIds));
            try {
                body = Buffer.buffer(json.writeValueAsBytes(object));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        responses.json(out, 200, headers, body);
        done.accept(new Outcome(200, upstream, upstreamModel, usageNode.path("prompt_tokens").asLong(0),
                usageNode.path("completion_tokens").asLong(0)));
    }

    private void finish(Context context, PlatformPrincipal caller, String callerKey, CompletionRequest request, Map<String, String> memoryHeaders,
                        String requestId, Instant at, long started, Outcome outcome) {
        long latencyMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        metrics(request, outcome.status(), started);
        Runnable writes = () -> {
            usage.record(caller, new UsageService.Entry(request.route().id(), outcome.upstream(), outcome.upstreamModel(), outcome.promptTokens(),
                    outcome.completionTokens(), latencyMillis, outcome.status(), request.stream(), at));
            limiter.spend(callerKey, outcome.promptTokens() + outcome.completionTokens());
            if (outcome.status() == 200 && request.memory().map(CompletionRequest.MemoryOptions::remember).orElse(false)
                    && request.lastUserText().isPresent() && !memoryHeaders.isEmpty()) {
                memory.remember(memoryHeaders, requestId, request.lastUserText().get(), request.memory().get().entityName().orElse(null))
                        .subscribe().with(ignored -> { });
            }
        };
        if (context != null) {
            context.runOnContext(ignored -> writes.run());
        } else {
            writes.run();
        }
    }

    private void metrics(CompletionRequest request, int status, long started) {
        // One lookup in this map per completion, rather than the registry's id building and filtering.
        timers.computeIfAbsent(request.route().id() + '|' + request.stream() + '|' + status, key -> Timer.builder("chat.completions")
                        .tag("model", request.route().id()).tag("stream", Boolean.toString(request.stream()))
                        .tag("status", Integer.toString(status)).register(registry))
                .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }

    private static OpenAiError limited(RateDecision decision) {
        String which = decision.exceeded();
        return new OpenAiError(429, which, "rate_limit_exceeded", null, "Rate limit reached: " + (which.equals("requests")
                ? decision.requestLimit() + " requests" : decision.tokenLimit() + " tokens") + " per minute. Retry after the time in Retry-After.",
                decision.headers());
    }

    private static OpenAiError asError(Throwable failure) {
        if (failure instanceof OpenAiError error) {
            return error;
        }
        LOG.error("completion failed unexpectedly", failure);
        return new OpenAiError(500, OpenAiError.SERVER, "internal_error", null, "The server had an error processing your request.");
    }
}
