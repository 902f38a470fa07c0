package studio.ainative.platform.vectors;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The coarse pass of a search on core PostgreSQL: the {@code limit} vectors in scope whose sign codes are
 * nearest the query's in Hamming distance, with their float vectors for {@link ExactRanking}. It scans
 * only {@link VectorTable#codes()} (row-level security applies to it like to any read), joining the wide
 * row for the candidates, and for the scope only when the scope needs it.
 *
 * <p>The scope is the caller's condition over the codes relation as {@value #CODES} (and, when
 * {@code joinRows}, its rows as {@value #ROWS}), with placeholders numbered from {@code $1}; the query's
 * code and the limit take the two placeholders after them.
 *
 * <p>The coarse pass keeps the scope's nearest codes ({@link CoarseOrder#NEAREST}) unless the caller orders it
 * otherwise: a service whose ranking also weighs other columns (memory's importance and recency) orders by an
 * estimate of its own score, so the candidates it re-ranks exactly are the likely best by that score.
 */
public final class CandidateSearch {

    /** The alias of the codes relation in the scope. */
    public static final String CODES = "c";
    /** The alias of the rows relation in the scope, when it is joined. */
    public static final String ROWS = "f";

    private final VectorTable table;

    public CandidateSearch(VectorTable table) {
        this.table = table;
    }

    /** The order of the coarse pass, given the SQL of a row's Hamming distance to the query's code. */
    @FunctionalInterface
    public interface CoarseOrder {
        /** Nearest codes first. */
        CoarseOrder NEAREST = distance -> distance;

        /** An ORDER BY list over the codes relation ({@value #CODES}) and {@code distance}, best first. */
        String orderBy(String distance);
    }

    /** The statement and its parameters, nearest codes first. */
    public SqlFragment statement(SqlFragment scope, boolean joinRows, String queryCode, int limit) {
        return statement(scope, joinRows, queryCode, limit, CoarseOrder.NEAREST);
    }

    /** The statement and its parameters, in {@code order}. */
    public SqlFragment statement(SqlFragment scope, boolean joinRows, String queryCode, int limit, CoarseOrder order) {
        int code = scope.params().size() + 1;
        String keys = table.key().stream().map(k -> CODES + "." + k).collect(Collectors.joining(", "));
        StringBuilder scan = new StringBuilder("SELECT ").append(keys).append(" FROM ").append(table.codes()).append(' ').append(CODES);
        if (joinRows) {
            scan.append(" JOIN ").append(table.rows()).append(' ').append(ROWS).append(" ON ").append(joined(ROWS, CODES));
        }
        // The query code in a scalar subquery: cast once per statement, not once per row.
        scan.append(" WHERE ").append(scope.sql())
                .append(" ORDER BY ").append(order.orderBy("bit_count(" + CODES + "." + table.code() + " # (SELECT $" + code + "::text::varbit))"))
                .append(" LIMIT $").append(code + 1);
        return withRows(scan.toString(), scope, queryCode, limit);
    }

    /**
     * The statement over the union of {@code parts} of the scope: each part is a further condition over the codes
     * ({@value #CODES}) using the scope's placeholders (parts may overlap: a row in several counts once), and each is scanned
     * on its own, so each can be an index range read from a covering index alone (an index-only scan), which an OR of
     * the conditions (a bitmap of the index, then the table's pages) cannot. Each part keeps its {@code limit} nearest
     * codes, and the statement the nearest of those.
     */
    public SqlFragment statement(SqlFragment scope, List<String> parts, String queryCode, int limit) {
        String keys = table.key().stream().map(k -> CODES + "." + k).collect(Collectors.joining(", "));
        // A row several parts hold counts once.
        String scan = "SELECT " + keys + " FROM (" + union(scope, parts, keys) + ") " + CODES + " GROUP BY " + keys
                + " ORDER BY min(distance) LIMIT $" + (scope.params().size() + 2);
        return withRows(scan, scope, queryCode, limit);
    }

    /**
     * The union of {@code parts} of the scope, each part selecting {@code columns} of the codes and their {@code distance}
     * and keeping its own nearest (a top-N sort right on its scan); the query code and the limit take the two placeholders
     * after the scope's.
     */
    private String union(SqlFragment scope, List<String> parts, String columns) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("at least one part");
        }
        int code = scope.params().size() + 1;
        String distance = "bit_count(" + CODES + "." + table.code() + " # (SELECT $" + code + "::text::varbit))";
        return parts.stream()
                .map(part -> "(SELECT " + columns + ", " + distance + " AS distance FROM " + table.codes() + " " + CODES
                        + " WHERE " + scope.sql() + " AND (" + part + ") ORDER BY distance LIMIT $" + (code + 1) + ")")
                .collect(Collectors.joining(" UNION ALL "));
    }

    /** The scope's parameters, then the query code and the limit. */
    private static List<Object> withCodeAndLimit(SqlFragment scope, String queryCode, int limit) {
        List<Object> params = new ArrayList<>(scope.params());
        params.add(queryCode);
        params.add(limit);
        return params;
    }

    /**
     * The union of {@code parts} of the scope as in {@link #statement(SqlFragment, List, String, int)}, but only each kept
     * row's id and its code's bytes ({@code id}, {@code code}: PostgreSQL's bit string without its length, as
     * {@link SignCode#bytes}), nearest by Hamming distance first: for a caller that ranks them with codes read elsewhere
     * ({@link PackedCodes}) before reading any float vector ({@link #vectors}).
     */
    public SqlFragment nearestCodes(SqlFragment scope, List<String> parts, String queryCode, int limit) {
        String id = CODES + "." + table.id();
        String code = CODES + "." + table.code();
        // A row several parts hold counts once (its code is the same in each).
        String sql = "SELECT " + id + " AS id, substr(varbit_send((array_agg(" + code + "))[1]), 5) AS code FROM ("
                + union(scope, parts, id + ", " + code) + ") " + CODES + " GROUP BY " + id + " ORDER BY min(" + CODES + ".distance), 1 LIMIT $"
                + (scope.params().size() + 2);
        return new SqlFragment(sql, withCodeAndLimit(scope, queryCode, limit));
    }

    /** Runs {@link #nearestCodes} for {@code query} in {@code tx}. */
    public Uni<List<PackedCodes.Coded>> nearestCodes(SqlConnection tx, SqlFragment scope, List<String> parts, float[] query, int limit) {
        SqlFragment statement = nearestCodes(scope, parts, SignCode.of(query), limit);
        return tx.preparedQuery(statement.sql()).execute(Tuple.tuple(statement.params())).map(rows -> {
            List<PackedCodes.Coded> out = new ArrayList<>(rows.rowCount());
            for (Row row : rows) {
                out.add(new PackedCodes.Coded(String.valueOf(row.getValue("id")), row.getBuffer("code").getBytes()));
            }
            return out;
        });
    }

    /**
     * The float vectors and norms of those of {@code ids} in scope (a condition over the rows relation as {@value #ROWS},
     * placeholders from {@code $1}), in no particular order: an id whose row is gone, out of scope or not visible is
     * simply absent.
     */
    public Uni<List<Candidate>> vectors(SqlConnection tx, SqlFragment scope, List<String> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        String sql = "SELECT " + ROWS + "." + table.id() + " AS id, " + ROWS + "." + table.embedding() + " AS embedding, " + ROWS + "."
                + table.norm() + " AS norm FROM " + table.rows() + " " + ROWS + " WHERE " + scope.sql() + " AND " + ROWS + "."
                + table.id() + " = ANY($" + (scope.params().size() + 1) + ")";
        List<Object> params = new ArrayList<>(scope.params());
        params.add(ids.toArray(String[]::new));
        return run(tx, new SqlFragment(sql, params));
    }

    /** The candidates' float vectors and norms, joined to the keys the coarse {@code scan} keeps; its parameters after the scope's. */
    private SqlFragment withRows(String scan, SqlFragment scope, String queryCode, int limit) {
        String sql = "SELECT v." + table.id() + " AS id, v." + table.embedding() + " AS embedding, v." + table.norm() + " AS norm"
                + " FROM (" + scan + ") cand JOIN " + table.rows() + " v ON " + joined("v", "cand");
        return new SqlFragment(sql, withCodeAndLimit(scope, queryCode, limit));
    }

    /** Runs the coarse pass over the union of {@code parts} of the scope (see {@link #statement(SqlFragment, List, String, int)}). */
    public Uni<List<Candidate>> candidates(SqlConnection tx, SqlFragment scope, List<String> parts, float[] query, int limit) {
        return run(tx, statement(scope, parts, SignCode.of(query), limit));
    }

    /** Runs the coarse pass for {@code query} in {@code tx}, nearest codes first. */
    public Uni<List<Candidate>> candidates(SqlConnection tx, SqlFragment scope, boolean joinRows, float[] query, int limit) {
        return candidates(tx, scope, joinRows, query, limit, CoarseOrder.NEAREST);
    }

    /** Runs the coarse pass for {@code query} in {@code tx}, in {@code order}. */
    public Uni<List<Candidate>> candidates(SqlConnection tx, SqlFragment scope, boolean joinRows, float[] query, int limit,
                                           CoarseOrder order) {
        return run(tx, statement(scope, joinRows, SignCode.of(query), limit, order));
    }

    private static Uni<List<Candidate>> run(SqlConnection tx, SqlFragment statement) {
        return tx.preparedQuery(statement.sql()).execute(Tuple.tuple(statement.params())).map(rows -> {
            List<Candidate> out = new ArrayList<>(rows.rowCount());
            for (Row row : rows) {
                out.add(new Candidate(String.valueOf(row.getValue("id")),
                        Float32Bytes.decode(row.getBuffer("embedding").getBytes()), row.getDouble("norm")));
            }
            return out;
        });
    }

    private String joined(String left, String right) {
        return table.key().stream().map(k -> left + "." + k + " = " + right + "." + k).collect(Collectors.joining(" AND "));
    }
}
