package studio.ainative.zerodb.rest;

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
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;
import studio.ainative.platform.web.ApiException;
import studio.ainative.zerodb.security.CallerAccess;
import studio.ainative.zerodb.service.TableService;

@Path("/api/v1/zerodb/tables")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TableResource {

    private final TableService tables;
    private final CallerAccess caller;

    public TableResource(TableService tables, CallerAccess caller) {
        this.tables = tables;
        this.caller = caller;
    }

    @POST
    public Uni<RestResponse<TableApi.TableView>> create(TableApi.CreateTableRequest body) {
        TableApi.CreateTableRequest request = VectorResource.required(body);
        return caller.access().chain(access -> tables.createTable(access, request.name(), request.description()))
                .map(t -> RestResponse.status(RestResponse.Status.CREATED, TableApi.TableView.of(t)));
    }

    @GET
    public Uni<TableApi.TableList> list() {
        return caller.access().chain(tables::listTables)
                .map(list -> new TableApi.TableList(list.stream().map(TableApi.TableView::of).toList()));
    }

    @DELETE
    @Path("/{name}")
    public Uni<RestResponse<Void>> delete(@RestPath String name) {
        return caller.access().chain(access -> tables.deleteTable(access, name)).map(ignored -> RestResponse.noContent());
    }

    @POST
    @Path("/{name}/rows")
    public Uni<RestResponse<TableApi.RowView>> insert(@RestPath String name, TableApi.RowRequest body) {
        TableApi.RowRequest request = requiredRow(body);
        return caller.access().chain(access -> tables.insertRow(access, name, request.rowData()))
                .map(r -> RestResponse.status(RestResponse.Status.CREATED, TableApi.RowView.of(r)));
    }

    @POST
    @Path("/{name}/query")
    public Uni<TableApi.QueryResponse> query(@RestPath String name, TableApi.QueryRequest body) {
        TableApi.QueryRequest q = body == null ? new TableApi.QueryRequest(null, null, null, null) : body;
        return caller.access().chain(access -> tables.query(access, name, q.filter(), q.sort(), q.limit(), q.cursor()))
                .map(page -> new TableApi.QueryResponse(page.items().stream().map(TableApi.RowView::of).toList(), page.hasMore(),
                        page.nextCursor()));
    }

    @GET
    @Path("/{name}/rows/{row_id}")
    public Uni<TableApi.RowView> get(@RestPath String name, @RestPath("row_id") String rowId) {
        return caller.access().chain(access -> tables.getRow(access, name, rowId)).map(TableApi.RowView::of);
    }

    @PATCH
    @Path("/{name}/rows/{row_id}")
    public Uni<TableApi.RowView> patch(@RestPath String name, @RestPath("row_id") String rowId, TableApi.RowRequest body) {
        TableApi.RowRequest request = requiredRow(body);
        return caller.access().chain(access -> tables.patchRow(access, name, rowId, request.rowData())).map(TableApi.RowView::of);
    }

    @DELETE
    @Path("/{name}/rows/{row_id}")
    public Uni<RestResponse<Void>> deleteRow(@RestPath String name, @RestPath("row_id") String rowId) {
        return caller.access().chain(access -> tables.deleteRow(access, name, rowId)).map(ignored -> RestResponse.noContent());
    }

    private static TableApi.RowRequest requiredRow(TableApi.RowRequest body) {
        if (body == null || body.rowData() == null || body.rowData().isNull()) {
            throw ApiException.badRequest("invalid_request", "the body must be {\"row_data\": {...}}");
        }
        return body;
    }
}
