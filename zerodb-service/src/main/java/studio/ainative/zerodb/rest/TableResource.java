package studio.ainative.zerodb.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;
import studio.ainative.platform.web.ApiException;
import studio.ainative.zerodb.TableDef;
import studio.ainative.zerodb.TableRow;
import studio.ainative.zerodb.security.CallerAccess;
import studio.ainative.zerodb.service.TableService;

@Path("/api/v1/zerodb/tables")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TableResource {

    public record CreateTableRequest(String name, String description) {
    }

    public record TableView(String name, String description, OffsetDateTime createdAt) {
        static TableView of(TableDef t) {
            return new TableView(t.name(), t.description(), t.createdAt());
        }
    }

    public record TableList(List<TableView> tables) {
    }

    public record RowRequest(JsonNode rowData) {
    }

    public record QueryRequest(JsonNode filter, JsonNode sort, Integer limit, String cursor) {
    }

    public record RowView(UUID rowId, JsonNode rowData, OffsetDateTime createdAt, OffsetDateTime updatedAt) {
        static RowView of(TableRow r) {
            return new RowView(r.rowId(), r.rowData(), r.createdAt(), r.updatedAt());
        }
    }

    public record QueryResponse(List<RowView> rows, boolean hasMore, String nextCursor) {
    }

    private final TableService tables;
    private final CallerAccess caller;

    public TableResource(TableService tables, CallerAccess caller) {
        this.tables = tables;
        this.caller = caller;
    }

    @POST
    public Uni<RestResponse<TableView>> create(CreateTableRequest body) {
        CreateTableRequest request = VectorResource.required(body);
        return caller.access().chain(access -> tables.createTable(access, request.name(), request.description()))
                .map(t -> RestResponse.status(RestResponse.Status.CREATED, TableView.of(t)));
    }

    @GET
    public Uni<TableList> list() {
        return caller.access().chain(tables::listTables).map(list -> new TableList(list.stream().map(TableView::of).toList()));
    }

    @DELETE
    @Path("/{name}")
    public Uni<RestResponse<Void>> delete(@RestPath String name) {
        return caller.access().chain(access -> tables.deleteTable(access, name)).map(ignored -> RestResponse.noContent());
    }

    @POST
    @Path("/{name}/rows")
    public Uni<RestResponse<RowView>> insert(@RestPath String name, RowRequest body) {
        RowRequest request = requiredRow(body);
        return caller.access().chain(access -> tables.insertRow(access, name, request.rowData()))
                .map(r -> RestResponse.status(RestResponse.Status.CREATED, RowView.of(r)));
    }

    @POST
    @Path("/{name}/query")
    public Uni<QueryResponse> query(@RestPath String name, QueryRequest body) {
        QueryRequest q = body == null ? new QueryRequest(null, null, null, null) : body;
        return caller.access().chain(access -> tables.query(access, name, q.filter(), q.sort(), q.limit(), q.cursor()))
                .map(page -> new QueryResponse(page.items().stream().map(RowView::of).toList(), page.hasMore(), page.nextCursor()));
    }

    @GET
    @Path("/{name}/rows/{row_id}")
    public Uni<RowView> get(@RestPath String name, @RestPath("row_id") String rowId) {
        return caller.access().chain(access -> tables.getRow(access, name, rowId)).map(RowView::of);
    }

    @PATCH
    @Path("/{name}/rows/{row_id}")
    public Uni<RowView> patch(@RestPath String name, @RestPath("row_id") String rowId, RowRequest body) {
        RowRequest request = requiredRow(body);
        return caller.access().chain(access -> tables.patchRow(access, name, rowId, request.rowData())).map(RowView::of);
    }

    @DELETE
    @Path("/{name}/rows/{row_id}")
    public Uni<RestResponse<Void>> deleteRow(@RestPath String name, @RestPath("row_id") String rowId) {
        return caller.access().chain(access -> tables.deleteRow(access, name, rowId)).map(ignored -> RestResponse.noContent());
    }

    private static RowRequest requiredRow(RowRequest body) {
        if (body == null || body.rowData() == null || body.rowData().isNull()) {
            throw ApiException.badRequest("invalid_request", "the body must be {\"row_data\": {...}}");
        }
        return body;
    }
}
