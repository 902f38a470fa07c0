package studio.ainative.zerodb.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import studio.ainative.platform.vectors.SqlFragment;
import studio.ainative.platform.web.SqlStates;
import studio.ainative.zerodb.TableDef;
import studio.ainative.zerodb.TableRow;

/** Table definitions and their JSONB rows, one multi-tenant store. */
@ApplicationScoped
public class TableRepository {

    private static final String ROW_COLUMNS = "row_id, owner_id, row_data, created_at, updated_at";

    /** Creates the table; false when the project already has one of that name. */
    public Uni<Boolean> createTable(SqlConnection tx, UUID projectId, String name, String description, String ownerId) {
        return tx.preparedQuery("INSERT INTO table_defs (project_id, name, description, owner_id) VALUES ($1, $2, $3, $4) "
                        + "ON CONFLICT (project_id, name) DO NOTHING")
                .execute(Tuple.of(projectId, name, description, ownerId)).map(rows -> rows.rowCount() == 1);
    }

    public Uni<Optional<TableDef>> findTable(SqlConnection tx, UUID projectId, String name) {
        return tx.preparedQuery("SELECT name, description, created_at FROM table_defs WHERE project_id = $1 AND name = $2")
                .execute(Tuple.of(projectId, name))
                .map(rows -> rows.rowCount() == 0 ? Optional.empty() : Optional.of(table(rows.iterator().next())));
    }

    public Uni<List<TableDef>> listTables(SqlConnection tx, UUID projectId) {
        return tx.preparedQuery("SELECT name, description, created_at FROM table_defs WHERE project_id = $1 ORDER BY name")
                .execute(Tuple.of(projectId))
                .map(rows -> {
                    List<TableDef> out = new ArrayList<>();
                    rows.forEach(row -> out.add(table(row)));
                    return out;
                });
    }

    /** Drops the table and, by cascade, all its rows. */
    public Uni<Boolean> deleteTable(SqlConnection tx, UUID projectId, String name) {
        return tx.preparedQuery("DELETE FROM table_defs WHERE project_id = $1 AND name = $2")
                .execute(Tuple.of(projectId, name)).map(rows -> rows.rowCount() == 1);
    }

    /** The new row; empty when the table no longer exists (dropped since the caller looked: a foreign key violation). */
    public Uni<Optional<TableRow>> insertRow(SqlConnection tx, UUID projectId, String table, String ownerId, String rowDataJson) {
        return tx.preparedQuery("INSERT INTO table_rows (row_id, project_id, owner_id, table_name, row_data) "
                        + "VALUES ($1, $2, $3, $4, $5::text::jsonb) RETURNING " + ROW_COLUMNS)
                .execute(Tuple.of(UUID.randomUUID(), projectId, ownerId, table, rowDataJson))
                .map(rows -> Optional.of(row(rows.iterator().next())))
                .onFailure(failure -> SqlStates.is(failure, SqlStates.FOREIGN_KEY_VIOLATION)).recoverWithItem(Optional.empty());
    }

    public Uni<Optional<TableRow>> findRow(SqlConnection tx, UUID projectId, String table, UUID rowId) {
        return tx.preparedQuery("SELECT " + ROW_COLUMNS + " FROM table_rows WHERE project_id = $1 AND table_name = $2 AND row_id = $3")
                .execute(Tuple.of(projectId, table, rowId))
                .map(rows -> rows.rowCount() == 0 ? Optional.empty() : Optional.of(row(rows.iterator().next())));
    }

    /**
     * Merges {@code patchJson} into the row's data (top-level members replaced), unless the result would
     * exceed {@code maxBytes}. Empty when the caller may not write the row or the result is too large.
     */
    public Uni<Optional<TableRow>> patchRow(SqlConnection tx, UUID projectId, String table, UUID rowId, String patchJson, int maxBytes) {
        return tx.preparedQuery("UPDATE table_rows SET row_data = row_data || $4::text::jsonb, updated_at = now() "
                        + "WHERE project_id = $1 AND table_name = $2 AND row_id = $3 "
                        + "AND octet_length((row_data || $4::text::jsonb)::text) <= $5 RETURNING " + ROW_COLUMNS)
                .execute(Tuple.of(projectId, table, rowId, patchJson, maxBytes))
                .map(rows -> rows.rowCount() == 0 ? Optional.empty() : Optional.of(row(rows.iterator().next())));
    }

    public Uni<Boolean> deleteRow(SqlConnection tx, UUID projectId, String table, UUID rowId) {
        return tx.preparedQuery("DELETE FROM table_rows WHERE project_id = $1 AND table_name = $2 AND row_id = $3")
                .execute(Tuple.of(projectId, table, rowId)).map(rows -> rows.rowCount() == 1);
    }

    /**
     * One page of the table's visible rows matching {@code filter} (placeholders from $3 on), in
     * {@code order}, after {@code after} when given. Each returned position is the row's sort key.
     */
    public Uni<List<Positioned>> query(SqlConnection tx, UUID projectId, String table, SqlFragment filter, RowOrder order,
                                       RowPosition after, int limit) {
        List<Object> params = new ArrayList<>(List.of(projectId, table));
        params.addAll(filter.params());
        String key;
        String keyFromParam;
        if (order.byCreation()) {
            key = "created_at";
            keyFromParam = "::text::timestamptz";
        } else {
            params.add(order.field().split("\\.", -1));
            key = "coalesce(row_data #> $" + params.size() + "::text[], 'null'::jsonb)";
            keyFromParam = "::text::jsonb";
        }
        String direction = order.descending() ? "DESC" : "ASC";
        StringBuilder sql = new StringBuilder("SELECT " + ROW_COLUMNS + ", " + key + " AS sort_key FROM table_rows "
                + "WHERE project_id = $1 AND table_name = $2 AND " + filter.sql());
        if (after != null) {
            params.add(after.sortValue());
            int value = params.size();
            params.add(after.rowId());
            sql.append(" AND (").append(key).append(", row_id) ").append(order.descending() ? "<" : ">")
                    .append(" ($").append(value).append(keyFromParam).append(", $").append(value + 1).append(")");
        }
        params.add(limit);
        sql.append(" ORDER BY ").append(key).append(' ').append(direction).append(", row_id ").append(direction)
                .append(" LIMIT $").append(params.size());
        return tx.preparedQuery(sql.toString()).execute(Tuple.tuple(params)).map(rows -> {
            List<Positioned> out = new ArrayList<>(rows.rowCount());
            for (Row row : rows) {
                TableRow tableRow = row(row);
                String sortValue = order.byCreation() ? row.getOffsetDateTime("sort_key").toString()
                        : Json.read(row.getValue("sort_key")).toString();
                out.add(new Positioned(tableRow, new RowPosition(sortValue, tableRow.rowId())));
            }
            return out;
        });
    }

    /** A row and where it sits in the query's order. */
    public record Positioned(TableRow row, RowPosition position) {
    }

    private static TableDef table(Row row) {
        return new TableDef(row.getString("name"), row.getString("description"), row.getOffsetDateTime("created_at"));
    }

    private static TableRow row(Row row) {
        return new TableRow(row.getUUID("row_id"), row.getString("owner_id"), Json.read(row.getValue("row_data")),
                row.getOffsetDateTime("created_at"), row.getOffsetDateTime("updated_at"));
    }
}
