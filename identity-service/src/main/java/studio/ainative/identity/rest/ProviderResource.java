package studio.ainative.identity.rest;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import studio.ainative.identity.security.ApiKeyAuthenticator;
import studio.ainative.identity.service.ProviderService;

/** Registration of identity providers; project API key only. */
@Path("/api/v1/auth/providers")
@Produces(MediaType.APPLICATION_JSON)
public class ProviderResource {

    private final ProviderService providers;
    private final ApiKeyAuthenticator auth;

    public ProviderResource(ProviderService providers, ApiKeyAuthenticator auth) {
        this.providers = providers;
        this.auth = auth;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> register(@BeanParam CallerHeaders headers, ProviderRequest request) {
        return headers.caller(auth)
                .chain(caller -> providers.register(caller, request))
                .map(r -> Response.status(201).entity(ProviderView.of(r)).build());
    }

    @GET
    public Uni<Map<String, List<ProviderView>>> list(@BeanParam CallerHeaders headers) {
        return headers.caller(auth)
                .chain(providers::list)
                .map(all -> Map.of("providers", all.stream().map(p -> ProviderView.of(p, null)).toList()));
    }

    @GET
    @Path("/{id}")
    public Uni<ProviderView> get(@BeanParam CallerHeaders headers, @PathParam("id") String id) {
        return headers.caller(auth)
                .chain(caller -> providers.get(caller, ResourceIds.parse(id)))
                .map(p -> ProviderView.of(p, null));
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<ProviderView> update(@BeanParam CallerHeaders headers, @PathParam("id") String id,
                                    ProviderRequest patch) {
        return headers.caller(auth)
                .chain(caller -> providers.update(caller, ResourceIds.parse(id), patch))
                .map(r -> ProviderView.of(r));
    }

    @DELETE
    @Path("/{id}")
    public Uni<Response> delete(@BeanParam CallerHeaders headers, @PathParam("id") String id) {
        return headers.caller(auth)
                .chain(caller -> providers.delete(caller, ResourceIds.parse(id)))
                .replaceWith(Response.noContent().build());
    }
}
