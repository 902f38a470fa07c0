package studio.ainative.devkit.openai.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import studio.ainative.devkit.openai.ChatRequest;
import studio.ainative.devkit.openai.config.OpenAiConfig;
import studio.ainative.devkit.openai.service.CompletionService;
import studio.ainative.devkit.openai.service.PlannedCompletion;
import studio.ainative.devkit.openai.service.UpstreamStats;

/** POST /v1/chat/completions: validate, plan, then hand the sending over to a {@link ChatExchange}. */
@ApplicationScoped
public class ChatCompletionsRoute {

    private final CompletionService completions;
    private final UpstreamStats stats;
    private final OpenAiConfig config;
    private final ObjectMapper json;
    private final Clock clock;

    public ChatCompletionsRoute(CompletionService completions, UpstreamStats stats, OpenAiConfig config,
            ObjectMapper json, Clock clock) {
        this.completions = completions;
        this.stats = stats;
        this.config = config;
        this.json = json;
        this.clock = clock;
    }

    void create(RoutingContext ctx) {
        ChatRequest request = ChatRequestParser.parse(JsonBodies.read(ctx, json), config.maxCompletionTokens());
        PlannedCompletion planned = completions.plan(request);
        new ChatExchange(ctx, json, stats, planned.completion(), planned.fault(), request.stream(),
                request.includeUsage(), clock.instant().getEpochSecond(), config.chunkDelay(), config.maxStall())
                .start();
    }
}
