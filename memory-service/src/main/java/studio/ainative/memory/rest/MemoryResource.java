package studio.ainative.memory.rest;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import studio.ainative.memory.rest.MemoryApi.MemoryView;
import studio.ainative.memory.rest.MemoryApi.RecallRequest;
import studio.ainative.memory.rest.MemoryApi.RecallResponse;
import studio.ainative.memory.rest.MemoryApi.RememberRequest;
import studio.ainative.memory.security.MemoryAccess;
import studio.ainative.memory.security.MemoryAccessResolver;
import studio.ainative.memory.service.MemoryRules;
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

    public MemoryResource(CurrentPrincipal caller, MemoryAccessResolver access, MemoryService memories, RecallService recalls) {
        this.caller = caller;
        this.access = access;
        this.memories = memories;
        this.recalls = recalls;
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
        RecallQuery query = RecallRules.query(request.query(), request.entityName(), request.memoryType(), request.tags(),
                request.limit(), request.threshold());
        return recalls.recall(who, query).map(RecallResponse::of);
    }

    private static <T> T required(T body) {
        if (body == null) {
            throw ApiException.badRequest("invalid_request", "a JSON body is required");
        }
        return body;
    }
}
