package studio.ainative.zerodb.repository;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import studio.ainative.platform.vectors.SqlFragment;
import studio.ainative.platform.web.ApiException;

/** Translation of metadata filters to SQL, without a database: shape, parameters, refusals. */
class FilterTranslatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final FilterTranslator translator = new FilterTranslator(8, 64);

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private SqlFragment translate(String filter) {
        return translator.translate(json(filter), "m", 1);
    }

    private ApiException refused(String filter) {
        return assertThrows(ApiException.class, () -> translate(filter));
    }

    @Test
    void plainMemberIsEqualityWithPathAndValueAsParameters() {
        SqlFragment sql = translate("{'genre': 'drama'}");
        assertEquals("((m #> $1::text[]) = $2::text::jsonb OR (jsonb_typeof((m #> $1::text[])) = 'array' AND (m #> $1::text[]) "
                + "@> jsonb_build_array($2::text::jsonb)))", sql.sql());
        assertArrayEquals(new String[] {"genre"}, (String[]) sql.params().get(0));
        assertEquals("\"drama\"", sql.params().get(1));
    }

    @Test
    void valuesAndKeysNeverAppearInTheSql() {
        String hostile = "x'); DROP TABLE vectors; --";
        SqlFragment sql = translator.translate(JSON.createObjectNode().put(hostile, hostile), "m", 1);
        assertFalse(sql.sql().contains("DROP"));
        assertFalse(sql.sql().contains(hostile));
        assertArrayEquals(new String[] {hostile}, (String[]) sql.params().get(0));
        assertEquals(JSON.valueToTree(hostile).toString(), sql.params().get(1));
    }

    @Test
    void placeholdersStartAtTheGivenOffsetAndMatchTheParameterCount() {
        SqlFragment sql = translator.translate(json("{'a': 1, 'b': {'$gt': 2, '$lte': 9}, '$or': [{'c': true}, {'d': {'$exists': false}}]}"),
                "m", 5);
        Matcher placeholders = Pattern.compile("\\$(\\d+)").matcher(sql.sql());
        int max = 0;
        int min = Integer.MAX_VALUE;
        while (placeholders.find()) {
            int n = Integer.parseInt(placeholders.group(1));
            max = Math.max(max, n);
            min = Math.min(min, n);
        }
        assertEquals(5, min);
        assertEquals(5 + sql.params().size() - 1, max);
    }

    @Test
    void dottedFieldIsANestedPath() {
        SqlFragment sql = translate("{'author.name': 'Ann'}");
        assertArrayEquals(new String[] {"author", "name"}, (String[]) sql.params().get(0));
    }

    @Test
    void everyOperatorTranslates() {
        assertTrue(translate("{'a': {'$eq': 1}}").sql().contains(" = $2::text::jsonb"));
        assertTrue(translate("{'a': {'$ne': 1}}").sql().startsWith("NOT coalesce("));
        assertTrue(translate("{'a': {'$gt': 1}}").sql().contains(" > $2::text::jsonb"));
        assertTrue(translate("{'a': {'$gte': 1}}").sql().contains(" >= $2::text::jsonb"));
        assertTrue(translate("{'a': {'$lt': 'm'}}").sql().contains(" < $2::text::jsonb"));
        assertTrue(translate("{'a': {'$lte': 'm'}}").sql().contains(" <= $2::text::jsonb"));
        assertTrue(translate("{'a': {'$in': [1, 2]}}").sql().contains("$2::text::jsonb @> jsonb_build_array("));
        assertTrue(translate("{'a': {'$nin': [1, 2]}}").sql().startsWith("NOT coalesce("));
        assertEquals("((m #> $1::text[]) IS NOT NULL)", translate("{'a': {'$exists': true}}").sql());
        assertEquals("((m #> $1::text[]) IS NULL)", translate("{'a': {'$exists': false}}").sql());
        assertEquals("[1,2]", translate("{'a': {'$in': [1, 2]}}").params().get(1));
    }

    @Test
    void comparisonsAreTypeGuarded() {
        assertTrue(translate("{'a': {'$gt': 1}}").sql().startsWith("(jsonb_typeof((m #> $1::text[])) = jsonb_typeof($2::text::jsonb) AND"));
    }

    @Test
    void severalMembersAndOperatorsAreAnded() {
        SqlFragment sql = translate("{'a': 1, 'b': {'$gt': 1, '$lt': 5}}");
        assertTrue(sql.sql().startsWith("(((m #> $1::text[]) = $2"), sql.sql());
        assertTrue(sql.sql().contains(" AND ((jsonb_typeof((m #> $3::text[]))"), sql.sql());
        assertTrue(sql.sql().contains(" < $5::text::jsonb"), sql.sql());
        assertEquals(5, sql.params().size());
    }

    @Test
    void andOrCombineSubFilters() {
        assertTrue(translate("{'$or': [{'a': 1}, {'b': 2}]}").sql().contains(" OR ((m #> $3::text[])"));
        SqlFragment and = translate("{'$and': [{'a': 1}, {'b': 2}]}");
        assertEquals(4, and.params().size());
    }

    @Test
    void emptyFilterMatchesEverything() {
        assertEquals("TRUE", translate("{}").sql());
        assertSame(SqlFragment.TRUE, translator.translate(null, "m", 1));
    }

    @Test
    void unknownOperatorIsRefused() {
        ApiException e = refused("{'a': {'$regex': '.*'}}");
        assertEquals(400, e.status());
        assertEquals("invalid_filter", e.code());
        assertTrue(e.getMessage().contains("$regex"));
    }

    @Test
    void unknownTopLevelOperatorIsRefused() {
        assertEquals("invalid_filter", refused("{'$where': 'true'}").code());
    }

    @Test
    void mixingOperatorsAndPlainMembersIsRefused() {
        assertEquals("invalid_filter", refused("{'a': {'b': 1, '$gt': 2}}").code());
    }

    @Test
    void nestingDeeperThanEightLevelsIsRefused() {
        String eight = "{'$and': [{'$and': [{'$and': [{'$and': [{'$and': [{'$and': [{'$and': [{'a': 1}]}]}]}]}]}]}]}";
        translate(eight);
        String nine = "{'$and': [{'$and': [{'$and': [{'$and': [{'$and': [{'$and': [{'$and': [{'a': {'$eq': 1}}]}]}]}]}]}]}]}";
        ApiException e = refused(nine);
        assertEquals(400, e.status());
        assertEquals("filter_too_deep", e.code());
    }

    @Test
    void tooManyConditionsAreRefused() {
        StringBuilder filter = new StringBuilder("{");
        for (int i = 0; i < 65; i++) {
            filter.append(i == 0 ? "" : ",").append("'k").append(i).append("': ").append(i);
        }
        assertEquals("invalid_filter", refused(filter.append("}").toString()).code());
    }

    @Test
    void malformedOperandsAreRefused() {
        assertEquals("invalid_filter", refused("{'a': {'$in': 3}}").code());
        assertEquals("invalid_filter", refused("{'a': {'$gt': [1]}}").code());
        assertEquals("invalid_filter", refused("{'a': {'$gt': true}}").code());
        assertEquals("invalid_filter", refused("{'a': {'$exists': 'yes'}}").code());
        assertEquals("invalid_filter", refused("{'$and': []}").code());
        assertEquals("invalid_filter", refused("{'$or': {'a': 1}}").code());
        assertEquals("invalid_filter", refused("{'$and': [1]}").code());
        assertEquals("invalid_filter", refused("[{'a': 1}]").code());
        assertEquals("invalid_filter", refused("{'': 1}").code());
        assertEquals("invalid_filter", refused("{'a..b': 1}").code());
    }

    @Test
    void fieldNamesWithControlCharactersAreRefused() {
        assertEquals("invalid_filter", refused("{'a\\u0000b': 1}").code());
        assertEquals("invalid_filter", refused("{'a.b\\u0007': {'$gt': 1}}").code());
        assertEquals("invalid_filter", refused("{'$or': [{'ok': 1}, {'\\u001b': 1}]}").code());
    }

    @Test
    void nullValueComparesWithJsonNull() {
        assertEquals(List.of("null"), translate("{'a': null}").params().subList(1, 2));
    }
}
