package studio.ainative.identity.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import studio.ainative.identity.ApiKey;
import studio.ainative.identity.security.ApiKeyAuthenticator;
import studio.ainative.identity.service.ApiKeyService;
import studio.ainative.platform.web.ApiException;

/** A project's API keys: list, create (the key is shown once), revoke. */
@Path("/api/v1/auth/api-keys")
@Produces(MediaType.APPLICATION_JSON)
public class ApiKeyResource {

    public record CreateKeyRequest(String name) {
    }

    /** {@code key} is present only in the response that created it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ApiKeyView(UUID id, String name, String prefix, String key, OffsetDateTime createdAt,
                             OffsetDateTime revokedAt) {
        static ApiKeyView of(ApiKey k, String key) {
            return new ApiKeyView(k.id(), k.name(), k.prefix(), key, k.createdAt(), k.revokedAt());
        }
    }

    private final ApiKeyService keys;
    private final ApiKeyAuthenticator auth;

    public ApiKeyResource(ApiKeyService keys, ApiKeyAuthenticator auth) {
        this.keys = keys;
        this.auth = auth;
    }

    @GET
    public Uni<Map<String, List<ApiKeyView>>> list(@BeanParam CallerHeaders headers) {
        return headers.caller(auth)
                .chain(keys::list)
                .map(all -> Map.of("api_keys", all.stream().map(k -> ApiKeyView.of(k, null)).toList()));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(@BeanParam CallerHeaders headers, CreateKeyRequest request) {
        String name = request == null || request.name() == null ? "" : request.name().strip();
        if (name.isEmpty() || name.length() > 200) {
            return Uni.createFrom().failure(ApiException.badRequest("invalid_request", "name is required (1..200 characters)"));
        }
        return headers.caller(auth)
                .chain(caller -> keys.create(caller, name))
                .map(created -> Response.status(201).entity(ApiKeyView.of(created.record(), created.key())).build());
    }

    @DELETE
    @Path("/{id}")
    public Uni<Response> revoke(@BeanParam CallerHeaders headers, @PathParam("id") String id) {
        return headers.caller(auth)
                .chain(caller -> keys.revoke(caller, ResourceIds.parse(id)))
                .replaceWith(Response.noContent().build());
    }
}
