package studio.ainative.zerodb.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import studio.ainative.platform.auth.rls.RlsMode;
import studio.ainative.platform.vectors.SqlFragment;
import studio.ainative.platform.web.ApiException;
import studio.ainative.zerodb.TableDef;
import studio.ainative.zerodb.TableRow;
import studio.ainative.zerodb.config.ZerodbConfig;
import studio.ainative.zerodb.repository.FilterTranslator;
import studio.ainative.zerodb.repository.RowOrder;
import studio.ainative.zerodb.repository.RowPosition;
import studio.ainative.zerodb.repository.TableRepository;
import studio.ainative.zerodb.security.Access;
import studio.ainative.zerodb.security.ZerodbTransactions;

/** Tables of JSONB rows: definitions per project, rows per owner under the project's RLS setting. */
@ApplicationScoped
public class TableService {

    static final Pattern TABLE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    static final int MAX_DESCRIPTION_LENGTH = 1000;
    static final int DEFAULT_QUERY_LIMIT = 100;
    /** The filter's placeholders follow $1 (project) and $2 (table). */
    private static final int FILTER_FIRST_PARAM = 3;
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final ZerodbTransactions transactions;
    private final TableRepository tables;
    private final Cursors cursors;
    private final ZerodbConfig.Limits limits;
    private final FilterTranslator filters;

    public TableService(ZerodbTransactions transactions, TableRepository tables, Cursors cursors, ZerodbConfig config) {
        this.transactions = transactions;
        this.tables = tables;
        this.cursors = cursors;
        this.limits = config.limits();
        this.filters = new FilterTranslator(config.limits().maxFilterDepth(), config.limits().maxFilterTerms());
    }

    // ------------------------------------------------------------------------------------------
    // Tables
    // ------------------------------------------------------------------------------------------

    public Uni<TableDef> createTable(Access access, String name, String description) {
        String table = tableName(name);
        if (description != null) {
            InputRules.text(description, "description", MAX_DESCRIPTION_LENGTH, "invalid_request");
        }
        requireProjectWide(access);
        return transactions.run(access, tx -> tables.createTable(tx, access.projectId(), table, description, access.ownerId())
                .chain(created -> {
                    if (!created) {
                        throw ApiException.conflict("table_exists", "table '" + table + "' already exists");
                    }
                    return tables.findTable(tx, access.projectId(), table).map(found -> found.orElseThrow());
                }));
    }

    public Uni<List<TableDef>> listTables(Access access) {
        return transactions.run(access, tx -> tables.listTables(tx, access.projectId()));
    }

    public Uni<Void> deleteTable(Access access, String name) {
        String table = tableName(name);
        requireProjectWide(access);
        return transactions.run(access, tx -> tables.deleteTable(tx, access.projectId(), table)).invoke(deleted -> {
            if (!deleted) {
                throw tableNotFound(table);
            }
        }).replaceWithVoid();
    }

    /** Table definitions are project-wide: API keys, or end users while the project's RLS is off. */
    private static void requireProjectWide(Access access) {
        if (!access.projectWide()) {
            throw ApiException.forbidden("rls_denied",
                    "with row-level security enabled, tables are created and dropped with the project's API key");
        }
    }

    // ------------------------------------------------------------------------------------------
    // Rows
    // ------------------------------------------------------------------------------------------

    public Uni<TableRow> insertRow(Access access, String name, JsonNode rowData) {
        String table = tableName(name);
        String json = rowData(rowData);
        // The table may be dropped between the check and the insert: the insert then finds no table either.
        return transactions.run(access, tx -> requireTable(tx, access, table)
                .chain(() -> tables.insertRow(tx, access.projectId(), table, access.ownerId(), json))
                .map(inserted -> inserted.orElseThrow(() -> tableNotFound(table))));
    }

    public Uni<TableRow> getRow(Access access, String name, String rowId) {
        String table = tableName(name);
        UUID id = rowId(rowId);
        return transactions.run(access, tx -> requireTable(tx, access, table)
                .chain(() -> tables.findRow(tx, access.projectId(), table, id))
                .map(found -> found.orElseThrow(() -> rowNotFound(id))));
    }

    public Uni<TableRow> patchRow(Access access, String name, String rowId, JsonNode rowData) {
        String table = tableName(name);
        UUID id = rowId(rowId);
        String patch = rowData(rowData);
        return transactions.run(access, tx -> writableRow(tx, access, table, id)
                .chain(() -> tables.patchRow(tx, access.projectId(), table, id, patch, limits.maxRowBytes()))
                .chain(updated -> updated.isPresent() ? Uni.createFrom().item(updated.get()) : tooLargeOrGone(tx, access, table, id)));
    }

    /** Why a patch updated nothing: the result was too large, or the row was deleted in the meantime. */
    private Uni<TableRow> tooLargeOrGone(SqlConnection tx, Access access, String table, UUID id) {
        return tables.findRow(tx, access.projectId(), table, id).map(found -> {
            throw found.isPresent()
                    ? new ApiException(413, "row_too_large", "row_data would be larger than " + limits.maxRowBytes() + " bytes")
                    : rowNotFound(id);
        });
    }

    public Uni<Void> deleteRow(Access access, String name, String rowId) {
        String table = tableName(name);
        UUID id = rowId(rowId);
        return transactions.run(access, tx -> writableRow(tx, access, table, id)
                .chain(() -> tables.deleteRow(tx, access.projectId(), table, id))).invoke(deleted -> {
                    if (!deleted) {
                        throw rowNotFound(id);
                    }
                }).replaceWithVoid();
    }

    /** A query page: rows, and the cursor of the next page when there is one. */
    public Uni<Page<TableRow>> query(Access access, String name, JsonNode filter, JsonNode sort, Integer limit, String cursor) {
        String table = tableName(name);
        if (filter != null && !filter.isNull() && !filter.isObject()) {
            throw ApiException.badRequest("invalid_filter", "filter must be a JSON object");
        }
        if (filter != null) {
            InputRules.requireStorable(filter, "filter", "invalid_filter", "invalid_filter");
        }
        SqlFragment where = filters.translate(filter, "row_data", FILTER_FIRST_PARAM);
        RowOrder order = order(sort);
        int size = limit == null ? DEFAULT_QUERY_LIMIT : limit;
        if (size < 1 || size > limits.maxPageSize()) {
            throw ApiException.badRequest("invalid_limit", "limit must be between 1 and " + limits.maxPageSize());
        }
        String scope = cursorScope(access, table);
        RowPosition after = position(cursors.decode(scope, cursor), order);
        return transactions.run(access, tx -> requireTable(tx, access, table)
                .chain(() -> tables.query(tx, access.projectId(), table, where, order, after, size + 1)))
                .map(rows -> {
                    boolean more = rows.size() > size;
                    List<TableRepository.Positioned> page = more ? rows.subList(0, size) : rows;
                    String next = more ? cursors.encode(scope, cursorText(order, page.get(size - 1).position())) : null;
                    return new Page<>(page.stream().map(TableRepository.Positioned::row).toList(), next);
                });
    }

    // ------------------------------------------------------------------------------------------

    private Uni<Void> requireTable(SqlConnection tx, Access access, String table) {
        return tables.findTable(tx, access.projectId(), table).invoke(found -> {
            if (found.isEmpty()) {
                throw tableNotFound(table);
            }
        }).replaceWithVoid();
    }

    /** 404 when the caller cannot see the row, 403 when they see it but may not write it. */
    private Uni<Void> writableRow(SqlConnection tx, Access access, String table, UUID id) {
        return requireTable(tx, access, table).chain(() -> tables.findRow(tx, access.projectId(), table, id)).invoke(found -> {
            TableRow row = found.orElseThrow(() -> rowNotFound(id));
            if (access.mode() != RlsMode.PROJECT && !row.ownerId().equals(access.ownerId())) {
                throw ApiException.forbidden("not_owner", "row '" + id + "' belongs to another user");
            }
        }).replaceWithVoid();
    }

    private String rowData(JsonNode rowData) {
        if (rowData == null || rowData.isNull()) {
            throw ApiException.badRequest("invalid_request", "row_data is required");
        }
        return InputRules.object(rowData, "row_data", limits.maxRowBytes(), "row_too_large");
    }

    static String tableName(String name) {
        if (name == null || !TABLE_NAME.matcher(name).matches()) {
            throw ApiException.badRequest("invalid_table_name",
                    "a table name is 1 to 63 characters: a lowercase letter, then lowercase letters, digits or underscores");
        }
        return name;
    }

    private static UUID rowId(String rowId) {
        try {
            return UUID.fromString(rowId);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("row_not_found", "row '" + rowId + "' not found");
        }
    }

    /** {@code {"field": "created_at" | "path.in.row_data", "order": "asc" | "desc"}}; default created_at asc. */
    static RowOrder order(JsonNode sort) {
        if (sort == null || sort.isNull()) {
            return new RowOrder(RowOrder.CREATED_AT, false);
        }
        if (!sort.isObject()) {
            throw ApiException.badRequest("invalid_sort", "sort is {\"field\": ..., \"order\": \"asc\" | \"desc\"}");
        }
        sort.fieldNames().forEachRemaining(member -> {
            if (!member.equals("field") && !member.equals("order")) {
                throw ApiException.badRequest("invalid_sort", "sort takes only field and order");
            }
        });
        JsonNode field = sort.get("field");
        JsonNode direction = sort.get("order");
        String path = field == null ? RowOrder.CREATED_AT : field.isTextual() ? field.asText() : null;
        if (path == null || path.isEmpty() || path.length() > 256 || List.of(path.split("\\.", -1)).contains("")
                || path.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.badRequest("invalid_sort", "sort.field names created_at or a member of row_data");
        }
        String dir = direction == null ? "asc" : direction.isTextual() ? direction.asText() : "";
        if (!dir.equals("asc") && !dir.equals("desc")) {
            throw ApiException.badRequest("invalid_sort", "sort.order is \"asc\" or \"desc\"");
        }
        return new RowOrder(path, dir.equals("desc"));
    }

    /** A cursor is good for the listing of one table of one project. */
    private static String cursorScope(Access access, String table) {
        return "rows:" + access.projectId() + ":" + table;
    }

    /** Cursors carry the sort they were made for, so one cannot be replayed under another. */
    private static String cursorText(RowOrder order, RowPosition position) {
        ObjectNode cursor = JSON.createObjectNode();
        cursor.put("f", order.field()).put("d", order.descending()).put("v", position.sortValue()).put("id", position.rowId().toString());
        return cursor.toString();
    }

    /** The position of a verified cursor, checked again: a value the database could not compare is refused. */
    static RowPosition position(String text, RowOrder order) {
        if (text == null) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(text);
            if (!order.field().equals(node.path("f").asText(null)) || order.descending() != node.path("d").asBoolean()
                    || !node.path("v").isTextual()) {
                throw ApiException.badRequest("invalid_cursor", "cursor belongs to a query with another sort");
            }
            String value = node.get("v").asText();
            if (order.byCreation()) {
                Cursors.time(value);
            } else {
                JsonNode sortValue = JSON.readTree(value);
                if (sortValue == null || sortValue.isMissingNode()) {
                    throw Cursors.invalid();
                }
                InputRules.requireStorable(sortValue, "cursor", "invalid_cursor", "invalid_cursor");
            }
            return new RowPosition(value, UUID.fromString(node.path("id").asText()));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw Cursors.invalid();
        }
    }

    private static ApiException tableNotFound(String table) {
        return ApiException.notFound("table_not_found", "table '" + table + "' not found");
    }

    private static ApiException rowNotFound(UUID id) {
        return ApiException.notFound("row_not_found", "row '" + id + "' not found");
    }
}
