package studio.ainative.platform.vectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The statement the coarse pass runs, for any service's table names (plain JUnit). */
class CandidateSearchTest {

    private static final VectorTable MEMORIES = new VectorTable("memories", "memories", List.of("id"), "id", "code", "embedding", "norm");
    private static final VectorTable SPLIT = new VectorTable("vector_codes", "vectors", List.of("project_id", "id"), "id", "code",
            "embedding", "norm");

    @Test
    void theQueryCodeAndLimitTakeThePlaceholdersAfterTheScope() {
        SqlFragment scope = new SqlFragment("c.owner_id = $1 AND c.entity = $2", List.of("alice", "events"));
        SqlFragment statement = new CandidateSearch(MEMORIES).statement(scope, false, "101", 50);
        assertEquals("SELECT v.id AS id, v.embedding AS embedding, v.norm AS norm FROM (SELECT c.id FROM memories c "
                + "WHERE c.owner_id = $1 AND c.entity = $2 ORDER BY bit_count(c.code # (SELECT $3::text::varbit)) LIMIT $4) cand "
                + "JOIN memories v ON v.id = cand.id", statement.sql());
        assertEquals(List.of("alice", "events", "101", 50), statement.params());
    }

    @Test
    void rowsAreJoinedIntoTheScanOnlyWhenTheScopeNeedsThemOnEveryKeyColumn() {
        SqlFragment scope = new SqlFragment("c.project_id = $1", List.of("p")).and(new SqlFragment("f.metadata ? $2", List.of("k")));
        SqlFragment statement = new CandidateSearch(SPLIT).statement(scope, true, "01", 200);
        assertEquals("SELECT v.id AS id, v.embedding AS embedding, v.norm AS norm FROM (SELECT c.project_id, c.id FROM vector_codes c "
                + "JOIN vectors f ON f.project_id = c.project_id AND f.id = c.id WHERE c.project_id = $1 AND f.metadata ? $2 "
                + "ORDER BY bit_count(c.code # (SELECT $3::text::varbit)) LIMIT $4) cand "
                + "JOIN vectors v ON v.project_id = cand.project_id AND v.id = cand.id", statement.sql());
        assertEquals(List.of("p", "k", "01", 200), statement.params());
    }

    @Test
    void aCoarseOrderOrdersTheScanByItsExpressionOfTheDistance() {
        SqlFragment scope = new SqlFragment("c.owner_id = $1", List.of("alice"));
        SqlFragment statement = new CandidateSearch(MEMORIES).statement(scope, false, "10", 20,
                distance -> "c.importance - " + distance + " / 2.0 DESC");
        assertEquals("SELECT v.id AS id, v.embedding AS embedding, v.norm AS norm FROM (SELECT c.id FROM memories c "
                + "WHERE c.owner_id = $1 ORDER BY c.importance - bit_count(c.code # (SELECT $2::text::varbit)) / 2.0 DESC LIMIT $3) cand "
                + "JOIN memories v ON v.id = cand.id", statement.sql());
        assertEquals(List.of("alice", "10", 20), statement.params());
    }

    @Test
    void aNullScopeValueIsBoundAsNull() {
        SqlFragment scope = new SqlFragment("$1::text IS NULL", Arrays.asList((Object) null));
        assertEquals(Arrays.asList(null, "1", 10), new CandidateSearch(MEMORIES).statement(scope, false, "1", 10).params());
    }

    @Test
    void andWithTrueIsTheSameCondition() {
        SqlFragment scope = new SqlFragment("c.owner_id = $1", List.of("alice"));
        assertEquals(scope, scope.and(SqlFragment.TRUE));
    }

    @Test
    void refusesTableNamesThatAreNotPlainIdentifiers() {
        assertThrows(IllegalArgumentException.class,
                () -> new VectorTable("memories; DROP TABLE x", "memories", List.of("id"), "id", "code", "embedding", "norm"));
    }

    @Test
    void refusesKeyColumnsThatAreNotPlainIdentifiers() {
        assertThrows(IllegalArgumentException.class,
                () -> new VectorTable("memories", "memories", List.of("id\""), "id", "code", "embedding", "norm"));
    }

    @Test
    void refusesATableWithoutAJoinKey() {
        assertThrows(IllegalArgumentException.class,
                () -> new VectorTable("memories", "memories", List.of(), "id", "code", "embedding", "norm"));
    }
}
