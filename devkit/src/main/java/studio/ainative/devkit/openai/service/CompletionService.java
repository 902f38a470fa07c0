package studio.ainative.devkit.openai.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import studio.ainative.devkit.openai.ChatRequest;
import studio.ainative.devkit.openai.EchoModel;
import studio.ainative.devkit.openai.Fault;
import studio.ainative.devkit.openai.OpenAiException;
import studio.ainative.devkit.openai.config.OpenAiConfig;
import studio.ainative.devkit.openai.repository.FaultRules;

/** Decides what a valid request gets: the echo model's answer, and whether an armed fault serves it. */
@ApplicationScoped
public class CompletionService {

    private final ModelCatalog catalog;
    private final FaultRules faults;
    private final UpstreamStats stats;
    private final OpenAiConfig config;

    public CompletionService(ModelCatalog catalog, FaultRules faults, UpstreamStats stats, OpenAiConfig config) {
        this.catalog = catalog;
        this.faults = faults;
        this.stats = stats;
        this.config = config;
    }

    public PlannedCompletion plan(ChatRequest request) {
        if (!catalog.serves(request.model())) {
            throw OpenAiException.modelNotFound(request.model(), null);
        }
        stats.received(request.model());
        Optional<Fault> fault = faults.take(request.model());
        fault.ifPresent(served -> stats.record(UpstreamStats.Event.FAULT_SERVED));
        return new PlannedCompletion(EchoModel.complete(request, config.maxCompletionTokens()), fault);
    }
}
