package studio.ainative.zerodb.rest;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import studio.ainative.zerodb.TableDef;
import studio.ainative.zerodb.TableRow;

/** Request and response bodies of the tables API (snake_case on the wire). */
public final class TableApi {

    private TableApi() {
    }

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
}
