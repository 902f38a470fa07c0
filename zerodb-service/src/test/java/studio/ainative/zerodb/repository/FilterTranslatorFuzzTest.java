package studio.ainative.zerodb.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import studio.ainative.platform.testing.fuzz.Corpus;
import studio.ainative.platform.testing.fuzz.Fuzz;
import studio.ainative.platform.testing.fuzz.FuzzReport;
import studio.ainative.platform.testing.fuzz.HostileJson;
import studio.ainative.platform.testing.fuzz.HostileJson.Member;
import studio.ainative.platform.vectors.SqlFragment;
import studio.ainative.platform.web.ApiException;
import studio.ainative.zerodb.config.JsonCustomizer;

/**
 * Fuzzes {@link FilterTranslator} with filter JSON: random documents, mutated examples (corpus
 * {@code fuzz/filter/}) and generated filters with deep nesting, unknown operators, injection-looking
 * fields and values, huge arrays and values of the wrong type. The JSON is read as the services read a
 * request body (their {@link JsonCustomizer}), with the service's limits (8 levels, 64 conditions).
 * Every filter is translated or refused with a 4xx {@link ApiException} (a body that is no JSON, with the
 * parser's exception, as the REST layer's 400), within 100 ms; and every translation is SQL of the
 * translator's fixed vocabulary whose placeholders are exactly its parameters, so no input became SQL.
 */
class FilterTranslatorFuzzTest {

    private static final ObjectMapper BODY_READER = bodyReader();
    private static final FilterTranslator TRANSLATOR = new FilterTranslator(8, 64);
    private static final String[] COLUMNS = {VectorRepository.FILTER_COLUMN, "row_data"};

    /** Every word the translator's templates write, besides the column expressions. */
    private static final Set<String> SQL_WORDS = Set.of("TRUE", "AND", "OR", "NOT", "coalesce", "false", "jsonb_typeof",
            "jsonb_build_array", "IS", "NULL", "EXISTS", "SELECT", "FROM", "jsonb_array_elements", "AS", "e", "x", "WHERE", "e.x",
            VectorRepository.FILTER_COLUMN, "row_data");
    private static final Pattern SQL_TOKEN = Pattern.compile(
            "\\$(\\d+)|::text::jsonb|::text\\[]|'array'|#>|@>|>=|<=|[=<>(),]|1|[A-Za-z_][A-Za-z_0-9.]*|\\s+");

    private static final List<String> OPERATORS = List.of("$eq", "$ne", "$gt", "$gte", "$lt", "$lte", "$in", "$nin", "$exists");
    private static final String[] STRANGE_OPERATORS = {"$regex", "$where", "$and", "$or", "$not", "$text", "$", "$$", "$gt ", "$EQ", "$in\u0000"};
    private static final String[] FIELDS = {"genre", "year", "a", "a.b", "author.name", "tags", "x.y.z.w", "score", "id",
        "", ".", "a..b", "a.", ".a", "x'); DROP TABLE vectors; --", "metadata->>'a'", "a\u0000b", "a\u0007", "\u202e", "é", "\ud800",
        "a".repeat(256), "b".repeat(257), "$and.x", "1", "*"};

    private static ObjectMapper bodyReader() {
        ObjectMapper mapper = new ObjectMapper();
        new JsonCustomizer().customize(mapper);
        return mapper;
    }

    @Test
    void everyFilterIsTranslatedToParameterisedSqlOrRefusedWithin100Milliseconds() {
        FuzzReport report = Fuzz.of("filter", FilterTranslatorFuzzTest::filter, FilterTranslatorFuzzTest::translateAndCheck,
                FilterTranslatorFuzzTest::documentedRefusal).run();
        assertTrue(report.refused() < report.inputs(), "no filter was translated");
    }

    private static boolean documentedRefusal(Throwable t) {
        return t instanceof ApiException e && e.status() >= 400 && e.status() < 500 || t instanceof JsonProcessingException;
    }

    private static void translateAndCheck(String body) throws JsonProcessingException {
        JsonNode filter = BODY_READER.readTree(body);
        int first = 1 + Math.floorMod(body.hashCode(), 6);
        String column = COLUMNS[Math.floorMod(body.hashCode() >> 3, COLUMNS.length)];
        SqlFragment sql = TRANSLATOR.translate(filter, column, first);
        assertParameterised(sql, first);
    }

    /** The SQL holds template words, the column and placeholders only, and uses each parameter. */
    static void assertParameterised(SqlFragment fragment, int first) {
        String sql = fragment.sql();
        Matcher token = SQL_TOKEN.matcher(sql);
        BitSet used = new BitSet();
        int depth = 0;
        for (int at = 0; at < sql.length(); at = token.end()) {
            token.region(at, sql.length());
            int position = at;
            assertTrue(token.lookingAt(), () -> "not the translator's SQL at " + position + ": " + sql);
            String text = token.group();
            if (token.group(1) != null) {
                int n = Integer.parseInt(token.group(1));
                assertTrue(n >= first && n < first + fragment.params().size(), "placeholder $" + n + " has no parameter: " + sql);
                used.set(n - first);
            } else if (Character.isLetter(text.charAt(0)) || text.charAt(0) == '_') {
                assertTrue(SQL_WORDS.contains(text), () -> "input became SQL: '" + text + "' in " + sql);
            } else if (text.equals("(")) {
                depth++;
            } else if (text.equals(")")) {
                depth--;
                assertTrue(depth >= 0, "unbalanced parentheses: " + sql);
            }
        }
        assertEquals(0, depth, "unbalanced parentheses: " + sql);
        assertEquals(fragment.params().size(), used.cardinality(), "a parameter no placeholder names: " + sql);
        for (Object param : fragment.params()) {
            if (param instanceof String[] path) {
                for (String step : path) {
                    assertFalse(step.isEmpty() || step.chars().anyMatch(Character::isISOControl), "a path step the translator should refuse");
                }
            } else {
                assertTrue(param instanceof String, "a parameter of type " + param.getClass());
                try {
                    BODY_READER.readTree((String) param);
                } catch (JsonProcessingException e) {
                    throw new AssertionError("a value parameter that is no JSON: " + param, e);
                }
            }
        }
    }

    // --- generator -------------------------------------------------------------------------------

    static String filter(Random r, Corpus corpus) {
        return switch (r.nextInt(20)) {
            case 0, 1 -> HostileJson.value(r, 4);
            case 2, 3 -> HostileJson.mutateText(r, corpus.pick(r));
            case 4, 5, 6 -> HostileJson.mutateObject(r, corpus.pick(r), List.of("$and", "$or", "a", "a.b", "$gt", "$in"));
            default -> object(r, 1 + r.nextInt(r.nextInt(4) == 0 ? 12 : 5), new int[] {r.nextInt(4) == 0 ? 150 : 20});
        };
    }

    /**
     * A filter object whose conditions nest up to {@code depth} levels (beyond the limit of 8 at times); {@code budget}
     * holds how many more members the whole filter may get (the limit is 64 conditions), so its size stays linear.
     */
    private static String object(Random r, int depth, int[] budget) {
        int n = r.nextInt(10) == 0 || budget[0] <= 0 ? 0 : 1 + r.nextInt(Math.min(budget[0], r.nextInt(8) == 0 ? 70 : 4));
        budget[0] -= n;
        List<Member> members = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int kind = r.nextInt(20);
            if (kind < 3 && depth > 0) {
                members.add(new Member(r.nextBoolean() ? "$and" : "$or", logical(r, depth - 1, budget)));
            } else if (kind == 3) {
                members.add(new Member(STRANGE_OPERATORS[r.nextInt(STRANGE_OPERATORS.length)], HostileJson.value(r, 2)));
            } else {
                members.add(new Member(field(r), condition(r, depth, budget)));
            }
        }
        return HostileJson.write(members);
    }

    private static String logical(Random r, int depth, int[] budget) {
        if (r.nextInt(10) == 0) {
            return HostileJson.value(r, 1);
        }
        int n = r.nextInt(10) == 0 ? 0 : 1 + r.nextInt(4);
        List<String> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            items.add(r.nextInt(15) == 0 ? HostileJson.value(r, 1) : object(r, depth, budget));
        }
        return "[" + String.join(",", items) + "]";
    }

    private static String field(Random r) {
        return r.nextInt(3) == 0 ? HostileJson.plainString(r) : FIELDS[r.nextInt(FIELDS.length)];
    }

    private static String condition(Random r, int depth, int[] budget) {
        int kind = r.nextInt(10);
        if (kind < 4) {
            return HostileJson.value(r, 2);
        }
        if (kind == 4) {
            return depth > 0 ? object(r, depth - 1, budget) : "{}";
        }
        int n = 1 + r.nextInt(3);
        List<Member> ops = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String op = r.nextInt(8) == 0 ? (r.nextBoolean() ? STRANGE_OPERATORS[r.nextInt(STRANGE_OPERATORS.length)] : field(r))
                    : OPERATORS.get(r.nextInt(OPERATORS.size()));
            ops.add(new Member(op, operand(r, op)));
        }
        return HostileJson.write(ops);
    }

    private static String operand(Random r, String op) {
        if (r.nextInt(6) == 0) {
            return HostileJson.value(r, 2);
        }
        return switch (op) {
            case "$in", "$nin" -> {
                int n = r.nextInt(8) == 0 ? 60 + r.nextInt(10) : r.nextInt(6);
                List<String> values = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    values.add(HostileJson.value(r, 1));
                }
                yield "[" + String.join(",", values) + "]";
            }
            case "$exists" -> r.nextBoolean() ? "true" : "false";
            case "$gt", "$gte", "$lt", "$lte" -> r.nextBoolean() ? HostileJson.number(r) : HostileJson.string(r);
            default -> HostileJson.value(r, 2);
        };
    }
}
