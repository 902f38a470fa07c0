package studio.ainative.devkit.openai.rest;

import java.util.List;
import studio.ainative.devkit.openai.ServedModel;

/** Response bodies of GET /v1/models and GET /v1/models/{model} (openai-node's Model and its page). */
public final class ModelsApi {

    static final String OWNED_BY = "devkit";

    private ModelsApi() {
    }

    public record Model(String id, String object, long created, String ownedBy) {
        static Model of(ServedModel model) {
            return new Model(model.id(), "model", model.created(), OWNED_BY);
        }
    }

    public record ModelList(String object, List<Model> data) {
        static ModelList of(List<ServedModel> models) {
            return new ModelList("list", models.stream().map(Model::of).toList());
        }
    }
}
