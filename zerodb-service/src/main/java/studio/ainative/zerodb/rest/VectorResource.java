package studio.ainative.zerodb.rest;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;
import studio.ainative.platform.web.ApiException;
import studio.ainative.zerodb.security.CallerAccess;
import studio.ainative.zerodb.service.SearchQuery;
import studio.ainative.zerodb.service.VectorInput;
import studio.ainative.zerodb.service.VectorService;

@Path("/api/v1/zerodb/vectors")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class VectorResource {

    private final VectorService vectors;
    private final CallerAccess caller;

    public VectorResource(VectorService vectors, CallerAccess caller) {
        this.vectors = vectors;
        this.caller = caller;
    }

    @POST
    @Path("/upsert")
    public Uni<VectorApi.UpsertResponse> upsert(VectorApi.UpsertRequest body) {
        VectorInput input = required(body).toInput();
        return caller.access().chain(access -> vectors.upsert(access, List.of(input)))
                .map(outcomes -> VectorApi.UpsertResponse.of(outcomes.get(0)));
    }

    @POST
    @Path("/upsert-batch")
    public Uni<VectorApi.BatchResponse> upsertBatch(VectorApi.BatchRequest body) {
        if (body == null || body.vectors() == null) {
            throw ApiException.badRequest("invalid_request", "the body must be {\"vectors\": [...]}");
        }
        List<VectorInput> inputs = body.vectors().stream().map(v -> v == null ? null : v.toInput()).toList();
        return caller.access().chain(access -> vectors.upsert(access, inputs)).map(outcomes -> {
            int created = (int) outcomes.stream().filter(o -> o.created()).count();
            return new VectorApi.BatchResponse(outcomes.size(), created, outcomes.size() - created,
                    outcomes.stream().map(VectorApi.UpsertResponse::of).toList());
        });
    }

    @POST
    @Path("/search")
    public Uni<VectorApi.SearchResponse> search(VectorApi.SearchRequest body) {
        VectorApi.SearchRequest q = required(body);
        SearchQuery query = new SearchQuery(q.query(), q.queryVector(), q.topK(), q.threshold(), q.namespace(), q.metadataFilter());
        return caller.access().chain(access -> vectors.search(access, query)).map(result -> new VectorApi.SearchResponse(
                result.hits().stream().map(VectorApi.SearchResultItem::of).toList(), result.hits().size(), result.searchTimeMs()));
    }

    @GET
    @Path("/stats")
    public Uni<VectorApi.StatsResponse> stats() {
        return caller.access().chain(vectors::stats).map(stats -> new VectorApi.StatsResponse(
                stats.stream().mapToLong(s -> s.vectorCount()).sum(), stats.stream().map(VectorApi.NamespaceView::of).toList()));
    }

    @GET
    public Uni<VectorApi.VectorPage> list(@RestQuery String namespace, @RestQuery Integer limit, @RestQuery String cursor) {
        return caller.access().chain(access -> vectors.list(access, namespace, limit, cursor)).map(page -> new VectorApi.VectorPage(
                page.items().stream().map(VectorApi.VectorView::of).toList(), page.hasMore(), page.nextCursor()));
    }

    @GET
    @Path("/{id}")
    public Uni<VectorApi.VectorView> get(@RestPath String id) {
        return caller.access().chain(access -> vectors.get(access, id)).map(VectorApi.VectorView::of);
    }

    @DELETE
    @Path("/{id}")
    public Uni<RestResponse<Void>> delete(@RestPath String id) {
        return caller.access().chain(access -> vectors.delete(access, id)).map(ignored -> RestResponse.noContent());
    }

    static <T> T required(T body) {
        if (body == null) {
            throw ApiException.badRequest("invalid_request", "a JSON body is required");
        }
        return body;
    }
}
