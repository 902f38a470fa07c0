package studio.ainative.memory.rest;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import java.util.UUID;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import studio.ainative.memory.rest.MemoryApi.ForgetRequest;
import studio.ainative.memory.rest.MemoryApi.ForgetResponse;
import studio.ainative.memory.rest.MemoryApi.MemoryPage;
import studio.ainative.memory.rest.MemoryApi.MemoryView;
import studio.ainative.memory.rest.MemoryApi.PatchRequest;
import studio.ainative.memory.rest.MemoryApi.ProfileView;
import studio.ainative.memory.rest.MemoryApi.RecallRequest;
import studio.ainative.memory.rest.MemoryApi.RecallResponse;
import studio.ainative.memory.rest.MemoryApi.RememberRequest;
import studio.ainative.memory.security.MemoryAccess;
import studio.ainative.memory.security.MemoryAccessResolver;
import studio.ainative.memory.service.ListingService;
import studio.ainative.memory.service.MemoryChange;
import studio.ainative.memory.service.MemoryRules;
import studio.ainative.memory.service.ProfileService;
import studio.ainative.memory.service.MemoryService;
import studio.ainative.memory.service.NewMemory;
import studio.ainative.memory.service.RecallQuery;
import studio.ainative.memory.service.RecallRules;
import studio.ainative.memory.service.RecallService;
import studio.ainative.platform.auth.CurrentPrincipal;
import studio.ainative.platform.web.ApiException;

/** ZeroMemory v2 (guide: "ZeroMemory Store"): each request reads the caller, calls the service, maps to a view. */
@Path("/api/v1/public/memory/v2")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class MemoryResource {

    private final CurrentPrincipal caller;
    private final MemoryAccessResolver access;
    private final MemoryService memories;
    private final RecallService recalls;
    private final ListingService listing;
    private final ProfileService profiles;

    public MemoryResource(CurrentPrincipal caller, MemoryAccessResolver access, MemoryService memories, RecallService recalls,
                          ListingService listing, ProfileService profiles) {
        this.caller = caller;
        this.access = access;
        this.memories = memories;
        this.recalls = recalls;
        this.listing = listing;
        this.profiles = profiles;
    }

    /** 201 with a new memory; 200 with the existing one when this owner already remembered this content for this entity. */
    @POST
    @Path("/remember")
    public Uni<Response> remember(RememberRequest body) {
        RememberRequest request = required(body);
        MemoryAccess who = access.resolve(caller.get(), request.userId());
        NewMemory input = MemoryRules.newMemory(request.content(), request.entityName(), request.memoryType(), request.importance(),
                request.tags(), request.metadata());
        return memories.remember(who, input)
                .map(r -> Response.status(r.created() ? 201 : 200).entity(MemoryView.of(r.memory())).build());
    }

    /** The caller's memories most relevant to the query, best first; each one recalled counts as an access. */
    @POST
    @Path("/recall")
    public Uni<RecallResponse> recall(RecallRequest body) {
        RecallRequest request = required(body);
        MemoryAccess who = access.resolve(caller.get(), request.userId());
        RecallQuery query = RecallRules.query(request.query(), request.queryVector(), request.entityName(), request.memoryType(), request.tags(),
                request.limit(), request.threshold());
        return recalls.recall(who, query).map(RecallResponse::of);
    }

    @GET
    @Path("/memories/{id}")
    public Uni<MemoryView> get(@RestPath String id, @RestQuery("user_id") String userId) {
        MemoryAccess who = access.resolve(caller.get(), userId);
        return memories.get(who, memoryId(id)).map(MemoryView::of);
    }

    @DELETE
    @Path("/memories/{id}")
    public Uni<Response> delete(@RestPath String id, @RestQuery("user_id") String userId) {
        MemoryAccess who = access.resolve(caller.get(), userId);
        return memories.delete(who, memoryId(id)).replaceWith(Response.noContent().build());
    }

    @PATCH
    @Path("/memories/{id}")
    public Uni<MemoryView> update(@RestPath String id, @RestQuery("user_id") String userId, PatchRequest body) {
        PatchRequest request = required(body);
        MemoryAccess who = access.resolve(caller.get(), userId);
        MemoryChange change = new MemoryChange(request.content() == null ? null : MemoryRules.content(request.content()),
                request.importance() == null ? null : MemoryRules.importance(request.importance()),
                request.tags() == null ? null : MemoryRules.tagsJson(request.tags()),
                request.metadata() == null ? null : MemoryRules.metadataJson(request.metadata()));
        return memories.update(who, memoryId(id), change).map(MemoryView::of);
    }

    /** Newest first; {@code next_cursor} continues the same listing. */
    @GET
    @Path("/memories")
    public Uni<MemoryPage> list(@RestQuery("entity_name") String entityName, @RestQuery("memory_type") String memoryType,
                                @RestQuery String limit, @RestQuery String cursor, @RestQuery("user_id") String userId) {
        MemoryAccess who = access.resolve(caller.get(), userId);
        return listing.list(who, MemoryRules.optionalEntityName(entityName), MemoryRules.optionalMemoryType(memoryType),
                ListingService.limit(limit), cursor == null || cursor.isEmpty() ? null : cursor).map(MemoryPage::of);
    }

    /** Deletes the caller's own memories matching every filter given (all of them with none). */
    @POST
    @Path("/forget")
    public Uni<ForgetResponse> forget(ForgetRequest body) {
        ForgetRequest request = required(body);
        MemoryAccess who = access.resolve(caller.get(), request.userId());
        return memories.forget(who, MemoryRules.optionalEntityName(request.entityName()), MemoryRules.optionalMemoryType(request.memoryType()),
                MemoryRules.before(request.before())).map(ForgetResponse::new);
    }

    @GET
    @Path("/profile")
    public Uni<ProfileView> profile(@RestQuery("user_id") String userId) {
        MemoryAccess who = access.resolve(caller.get(), userId);
        return profiles.profile(who).map(ProfileView::of);
    }

    /** An id that is not a UUID names no memory. */
    private static UUID memoryId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("memory_not_found", "no such memory");
        }
    }

    private static <T> T required(T body) {
        if (body == null) {
            throw ApiException.badRequest("invalid_request", "a JSON body is required");
        }
        return body;
    }
}
