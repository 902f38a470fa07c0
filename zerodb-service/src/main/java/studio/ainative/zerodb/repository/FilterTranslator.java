package studio.ainative.zerodb.repository;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import studio.ainative.platform.vectors.SqlFragment;
import studio.ainative.platform.web.ApiException;

/**
 * Translates a metadata filter into a parameterised SQL condition on a JSONB column. Values and field
 * paths are always bind parameters ({@code $n::text::jsonb}, {@code $n::text[]}); the SQL text is
 * built only from this class's fixed templates, so no input ever becomes SQL.
 *
 * <p>Language (MongoDB/Pinecone style): {@code {"genre": "drama"}} is equality; {@code {"year": {"$gte": 2020,
 * "$lt": 2024}}} applies operators to a field; several members are ANDed; {@code $and}/{@code $or} take
 * arrays of filters. A field is a member name, with dots stepping into nested objects ({@code "a.b"}).
 * {@code $eq}/{@code $in} also match an array field containing the value; {@code $ne}/{@code $nin} match
 * rows without the field; {@code $gt $gte $lt $lte} compare numbers with numbers and strings with strings;
 * {@code $exists} tests presence (a JSON null is present).
 */
public final class FilterTranslator {

    static final Set<String> FIELD_OPERATORS = Set.of("$eq", "$ne", "$gt", "$gte", "$lt", "$lte", "$in", "$nin", "$exists");
    private static final Map<String, String> COMPARISONS = Map.of("$gt", ">", "$gte", ">=", "$lt", "<", "$lte", "<=");
    private static final int MAX_FIELD_LENGTH = 256;

    private final int maxDepth;
    private final int maxTerms;

    public FilterTranslator(int maxDepth, int maxTerms) {
        this.maxDepth = maxDepth;
        this.maxTerms = maxTerms;
    }

    /**
     * @param filter     a JSON object, or null / {} for no condition
     * @param column     the JSONB column expression (a constant of the calling repository, never input)
     * @param firstParam the number of the first placeholder this fragment may use
     */
    public SqlFragment translate(JsonNode filter, String column, int firstParam) {
        if (filter == null || filter.isNull()) {
            return SqlFragment.TRUE;
        }
        Builder builder = new Builder(column, firstParam);
        String sql = builder.object(filter, 1);
        return new SqlFragment(sql, builder.params);
    }

    private final class Builder {
        private final String column;
        private final int firstParam;
        private final List<Object> params = new ArrayList<>();
        private int terms;

        Builder(String column, int firstParam) {
            this.column = column;
            this.firstParam = firstParam;
        }

        /** A filter object: its members ANDed. */
        String object(JsonNode node, int depth) {
            if (!node.isObject()) {
                throw invalid("a filter must be a JSON object");
            }
            checkDepth(depth);
            if (node.isEmpty()) {
                return "TRUE";
            }
            List<String> parts = new ArrayList<>();
            Iterator<Map.Entry<String, JsonNode>> members = node.fields();
            while (members.hasNext()) {
                Map.Entry<String, JsonNode> member = members.next();
                String key = member.getKey();
                JsonNode value = member.getValue();
                if (key.equals("$and") || key.equals("$or")) {
                    parts.add(logical(key, value, depth));
                } else if (key.startsWith("$")) {
                    throw invalid("unknown operator '" + key + "'");
                } else {
                    parts.add(field(key, value, depth));
                }
            }
            return parts.size() == 1 ? parts.get(0) : "(" + String.join(" AND ", parts) + ")";
        }

        private String logical(String operator, JsonNode value, int depth) {
            if (!value.isArray() || value.isEmpty()) {
                throw invalid(operator + " takes a non-empty array of filters");
            }
            checkDepth(depth + 1);
            List<String> parts = new ArrayList<>();
            for (JsonNode element : value) {
                parts.add(object(element, depth + 1));
            }
            String joiner = operator.equals("$and") ? " AND " : " OR ";
            return "(" + String.join(joiner, parts) + ")";
        }

        private String field(String name, JsonNode condition, int depth) {
            String path = path(name);
            boolean operators = false;
            if (condition.isObject()) {
                for (Iterator<String> names = condition.fieldNames(); names.hasNext(); ) {
                    operators |= names.next().startsWith("$");
                }
            }
            if (!operators) {
                // {"field": value}: equality; an object value with plain members is compared whole.
                return equals(path, condition);
            }
            checkDepth(depth + 1);
            List<String> parts = new ArrayList<>();
            Iterator<Map.Entry<String, JsonNode>> ops = condition.fields();
            while (ops.hasNext()) {
                Map.Entry<String, JsonNode> op = ops.next();
                parts.add(operator(path, op.getKey(), op.getValue()));
            }
            return parts.size() == 1 ? parts.get(0) : "(" + String.join(" AND ", parts) + ")";
        }

        private String operator(String path, String operator, JsonNode value) {
            if (!FIELD_OPERATORS.contains(operator)) {
                throw invalid(operator.startsWith("$") ? "unknown operator '" + operator + "'"
                        : "operators and plain members cannot be mixed in one condition ('" + operator + "')");
            }
            return switch (operator) {
                case "$eq" -> equals(path, value);
                case "$ne" -> "NOT coalesce(" + equals(path, value) + ", false)";
                case "$gt", "$gte", "$lt", "$lte" -> compare(path, COMPARISONS.get(operator), operator, value);
                case "$in" -> in(path, value, operator);
                case "$nin" -> "NOT coalesce(" + in(path, value, operator) + ", false)";
                case "$exists" -> exists(path, value);
                default -> throw new IllegalStateException(operator);
            };
        }

        /** Equal to the value, or an array containing it. */
        private String equals(String path, JsonNode value) {
            term();
            String v = json(value);
            return "(" + path + " = " + v + " OR (jsonb_typeof(" + path + ") = 'array' AND " + path
                    + " @> jsonb_build_array(" + v + ")))";
        }

        private String compare(String path, String sqlOperator, String operator, JsonNode value) {
            if (!value.isNumber() && !value.isTextual()) {
                throw invalid(operator + " compares with a number or a string");
            }
            term();
            String v = json(value);
            return "(jsonb_typeof(" + path + ") = jsonb_typeof(" + v + ") AND " + path + " " + sqlOperator + " " + v + ")";
        }

        /** One of the values, or an array sharing an element with them. */
        private String in(String path, JsonNode value, String operator) {
            if (!value.isArray()) {
                throw invalid(operator + " takes an array of values");
            }
            if (value.size() > maxTerms) {
                throw invalid(operator + " takes at most " + maxTerms + " values");
            }
            term();
            String v = json(value);
            return "(" + v + " @> jsonb_build_array(" + path + ") OR (jsonb_typeof(" + path + ") = 'array' AND EXISTS "
                    + "(SELECT 1 FROM jsonb_array_elements(" + path + ") AS e(x) WHERE " + v + " @> jsonb_build_array(e.x))))";
        }

        private String exists(String path, JsonNode value) {
            if (!value.isBoolean()) {
                throw invalid("$exists takes true or false");
            }
            term();
            return "(" + path + (value.booleanValue() ? " IS NOT NULL)" : " IS NULL)");
        }

        /** The field's value expression, its path a text[] parameter. */
        private String path(String name) {
            if (name.isEmpty() || name.length() > MAX_FIELD_LENGTH) {
                throw invalid("a field name has 1 to " + MAX_FIELD_LENGTH + " characters");
            }
            if (name.chars().anyMatch(Character::isISOControl)) {
                throw invalid("a field name has no control characters");
            }
            String[] steps = name.split("\\.", -1);
            for (String step : steps) {
                if (step.isEmpty()) {
                    throw invalid("field '" + name + "' has an empty path step");
                }
            }
            return "(" + column + " #> " + param(steps) + "::text[])";
        }

        private String json(JsonNode value) {
            if (value.getNodeType() == JsonNodeType.MISSING) {
                throw invalid("a condition has no value");
            }
            return param(value.toString()) + "::text::jsonb";
        }

        private String param(Object value) {
            params.add(value);
            return "$" + (firstParam + params.size() - 1);
        }

        private void term() {
            if (++terms > maxTerms) {
                throw invalid("a filter has at most " + maxTerms + " conditions");
            }
        }

        private void checkDepth(int depth) {
            if (depth > maxDepth) {
                throw new ApiException(400, "filter_too_deep", "a filter nests at most " + maxDepth + " levels");
            }
        }
    }

    private static ApiException invalid(String detail) {
        return ApiException.badRequest("invalid_filter", detail);
    }
}
