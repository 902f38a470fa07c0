package studio.ainative.bench.rlsaudit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import studio.ainative.bench.common.Client.Response;
import studio.ainative.bench.rlsaudit.Findings.Violation;
import studio.ainative.bench.rlsaudit.OwnershipModel.Row;

/**
 * ZeroDB tables: create and drop tables, list them, insert, get, patch, delete and query rows. Every project has
 * tables of the same names, so a row id of another project is asked for under a table the actor's project has too.
 */
final class TableOps extends Operations {

    static final List<String> TABLES = List.of("notes", "tasks", "scratch");

    TableOps(OwnershipModel model, Api api, Findings findings, Random random) {
        super(model, api, findings, random);
    }

    @Override
    List<Op> operations() {
        return List.of(new Op("table.create", 2, this::createTable), new Op("table.drop", 1, this::dropTable),
                new Op("table.list", 2, this::listTables), new Op("row.insert", 12, this::insert), new Op("row.get", 8, this::get),
                new Op("row.patch", 6, this::patch), new Op("row.delete", 5, this::delete), new Op("row.query", 6, this::query));
    }

    private Map<UUID, Row> rowsOf(int project, String table) {
        return model.state(project).tables.getOrDefault(table, Map.of());
    }

    /** A row of the target project (someone's, deliberately), or a made-up id; and the table it is asked under. */
    private Row targetRow(Actor actor) {
        int project = targetProject(actor);
        List<Row> rows = model.state(project).tables.values().stream().flatMap(t -> t.values().stream()).collect(Collectors.toList());
        if (rows.isEmpty() || random.nextInt(10) == 0) {
            return new Row(UUID.nameUUIDFromBytes(marker().getBytes()), pick(TABLES), "nobody", "", "");
        }
        Row row = pick(rows);
        // Now and then under the wrong table name: a row is found only in its own table.
        return random.nextInt(8) == 0 ? new Row(row.id(), pick(TABLES), row.owner(), row.marker(), row.tag()) : row;
    }

    /** The model's row for a request naming {@code table} and {@code id} in the actor's project, or null. */
    private Row held(Actor actor, String table, UUID id) {
        return rowsOf(actor.project(), table).get(id);
    }

    private void createTable(Actor actor) {
        String table = pick(TABLES);
        boolean exists = model.state(actor.project()).tables.containsKey(table);
        int status = !model.projectWide(actor) ? 403 : exists ? 409 : 201;
        Response response = api.json(actor, "POST", Api.ZERODB + "/tables", Map.of("name", table));
        if (expect(response, status, status == 403 ? "rls_denied" : status == 409 ? "table_exists" : null)) {
            model.state(actor.project()).tables.putIfAbsent(table, new LinkedHashMap<>());
        }
    }

    /** Dropping a table drops every user's rows in it: a project-wide act (API keys; end users while RLS is off). */
    private void dropTable(Actor actor) {
        String table = pick(TABLES);
        boolean exists = model.state(actor.project()).tables.containsKey(table);
        int status = !model.projectWide(actor) ? 403 : exists ? 204 : 404;
        Response response = api.json(actor, "DELETE", Api.ZERODB + "/tables/" + table, null);
        if (expect(response, status, status == 403 ? "rls_denied" : status == 404 ? "table_not_found" : null)) {
            model.state(actor.project()).tables.remove(table);
        }
    }

    private void listTables(Actor actor) {
        Response response = api.json(actor, "GET", Api.ZERODB + "/tables", null);
        if (expect(response, 200, null)) {
            expectSet("table list", texts(response.json().path("tables"), "name"), model.state(actor.project()).tables.keySet(), true);
        }
    }

    private void insert(Actor actor) {
        String table = pick(TABLES);
        boolean exists = model.state(actor.project()).tables.containsKey(table);
        String marker = marker();
        String tag = marker();
        Response response = api.json(actor, "POST", Api.ZERODB + "/tables/" + table + "/rows",
                Map.of("row_data", Map.of("marker", marker, "tag", tag)));
        if (expect(response, exists ? 201 : 404, exists ? null : "table_not_found") && exists) {
            UUID id = UUID.fromString(response.json().path("row_id").asText());
            model.state(actor.project()).tables.get(table).put(id, new Row(id, table, model.owner(actor), marker, tag));
        }
    }

    private void get(Actor actor) {
        Row target = targetRow(actor);
        Row held = held(actor, target.table(), target.id());
        boolean visible = held != null && model.canRead(actor, actor.project(), held.owner());
        Response response = api.json(actor, "GET", Api.ZERODB + "/tables/" + target.table() + "/rows/" + target.id(), null);
        if (expect(response, visible ? 200 : 404, null) && visible) {
            findings.check(held.marker().equals(response.json().path("row_data").path("marker").asText()), Violation.LEAK,
                    "row " + target.id() + " answered " + response.json().path("row_data") + ", the model holds marker " + held.marker());
        }
    }

    private int writeStatus(Actor actor, Row held) {
        return held == null || !model.canRead(actor, actor.project(), held.owner()) ? 404
                : model.canWrite(actor, actor.project(), held.owner()) ? 200 : 403;
    }

    private void patch(Actor actor) {
        Row target = targetRow(actor);
        Row held = held(actor, target.table(), target.id());
        int status = writeStatus(actor, held);
        String marker = marker();
        Response response = api.json(actor, "PATCH", Api.ZERODB + "/tables/" + target.table() + "/rows/" + target.id(),
                Map.of("row_data", Map.of("marker", marker)));
        if (expect(response, status, status == 403 ? "not_owner" : null) && held != null) {
            // The owner stays whoever patches it (RLS off lets any end user patch any row).
            rowsOf(actor.project(), target.table()).put(held.id(), new Row(held.id(), held.table(), held.owner(), marker, held.tag()));
        }
    }

    private void delete(Actor actor) {
        Row target = targetRow(actor);
        Row held = held(actor, target.table(), target.id());
        int status = writeStatus(actor, held);
        Response response = api.json(actor, "DELETE", Api.ZERODB + "/tables/" + target.table() + "/rows/" + target.id(), null);
        if (expect(response, status == 200 ? 204 : status, status == 403 ? "not_owner" : null) && held != null) {
            rowsOf(actor.project(), target.table()).remove(held.id());
        }
    }

    /** The whole table, or (half the time) filtered on the tag of a row, another's on purpose. */
    private void query(Actor actor) {
        String table = pick(TABLES);
        boolean exists = model.state(actor.project()).tables.containsKey(table);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("limit", 1000);
        Set<UUID> visible = model.visibleRows(actor, table);
        Row probe = pick(new ArrayList<>(rowsOf(actor.project(), table).values()));
        if (random.nextBoolean() && probe != null) {
            body.put("filter", Map.of("tag", probe.tag()));
            visible.removeIf(id -> !rowsOf(actor.project(), table).get(id).tag().equals(probe.tag()));
        }
        Response response = api.json(actor, "POST", Api.ZERODB + "/tables/" + table + "/query", body);
        if (expect(response, exists ? 200 : 404, exists ? null : "table_not_found") && exists) {
            expectSet("row query of " + table, uuids(response.json().path("rows"), "row_id"), visible, !response.json().path("has_more").asBoolean());
        }
    }
}
