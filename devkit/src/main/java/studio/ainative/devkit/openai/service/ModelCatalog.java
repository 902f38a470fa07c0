package studio.ainative.devkit.openai.service;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import studio.ainative.devkit.openai.ServedModel;
import studio.ainative.devkit.openai.config.OpenAiConfig;

/** The configured models. Built at startup, so a bad list (empty, blank or repeated ids) stops devkit starting. */
@Startup
@ApplicationScoped
public class ModelCatalog {

    private final List<ServedModel> models;

    public ModelCatalog(OpenAiConfig config, Clock clock) {
        long created = clock.instant().getEpochSecond();
        List<String> ids = config.models().stream().map(String::trim).toList();
        if (ids.isEmpty() || ids.stream().anyMatch(String::isEmpty) || new HashSet<>(ids).size() != ids.size()) {
            throw new IllegalStateException("devkit.openai.models must list distinct, non-blank model ids: " + ids);
        }
        this.models = ids.stream().map(id -> new ServedModel(id, created)).toList();
    }

    public List<ServedModel> all() {
        return models;
    }

    public Optional<ServedModel> find(String id) {
        return models.stream().filter(model -> model.id().equals(id)).findFirst();
    }

    public boolean serves(String id) {
        return find(id).isPresent();
    }
}
