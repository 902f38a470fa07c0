package studio.ainative.devkit.openai.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import studio.ainative.devkit.openai.OpenAiException;
import studio.ainative.devkit.openai.service.ModelCatalog;

/** GET /v1/models and GET /v1/models/{model}. */
@ApplicationScoped
public class ModelsRoute {

    private final ModelCatalog catalog;
    private final ObjectMapper json;

    public ModelsRoute(ModelCatalog catalog, ObjectMapper json) {
        this.catalog = catalog;
        this.json = json;
    }

    void list(RoutingContext ctx) {
        JsonBodies.send(ctx, 200, ModelsApi.ModelList.of(catalog.all()), json);
    }

    void retrieve(RoutingContext ctx) {
        String id = ctx.pathParam("model");
        ModelsApi.Model model = catalog.find(id).map(ModelsApi.Model::of)
                .orElseThrow(() -> OpenAiException.modelNotFound(id, "model"));
        JsonBodies.send(ctx, 200, model, json);
    }
}
