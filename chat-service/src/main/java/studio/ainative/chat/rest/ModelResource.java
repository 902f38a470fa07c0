package studio.ainative.chat.rest;

import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestPath;
import studio.ainative.chat.rest.ChatApi.ModelList;
import studio.ainative.chat.rest.ChatApi.ModelView;
import studio.ainative.chat.upstream.ModelCatalog;
import studio.ainative.chat.upstream.ModelCatalog.Route;

/** OpenAI's {@code GET /models} and {@code GET /models/{id}}: the public models of the routing configuration. */
@Path("/api/v1")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class ModelResource {

    /** Model objects carry a creation time; these are the platform's, fixed for the process's life. */
    private static final long CREATED = 1_735_689_600L; // 2025-01-01T00:00:00Z

    private final ModelCatalog catalog;

    public ModelResource(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    @GET
    @Path("/chat/models")
    public ModelList list() {
        return new ModelList("list", catalog.models().stream().map(ModelResource::view).toList());
    }

    @GET
    @Path("/public/chat/models")
    public ModelList listPublic() {
        return list();
    }

    /** A public id or an alias; the view names the id asked for, as OpenAI's retrieve does. */
    @GET
    @Path("/chat/models/{id: .+}")
    public ModelView get(@RestPath String id) {
        Route route = catalog.find(id).orElseThrow(() -> new OpenAiError(404, OpenAiError.INVALID_REQUEST, "model_not_found", "model",
                "The model '" + (id.length() > 256 ? id.substring(0, 256) : id) + "' does not exist or you do not have access to it."));
        return new ModelView(id, "model", CREATED, route.ownedBy());
    }

    @GET
    @Path("/public/chat/models/{id: .+}")
    public ModelView getPublic(@RestPath String id) {
        return get(id);
    }

    private static ModelView view(Route route) {
        return new ModelView(route.id(), "model", CREATED, route.ownedBy());
    }
}
