package studio.ainative.zerodb.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import studio.ainative.platform.vectors.SqlFragment;

/**
 * What translated filters select, run by PostgreSQL itself over a temporary table of sample documents
 * (no application, no RLS: pure translation semantics).
 */
class FilterSemanticsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String[] DOCS = {
            "{'id': 'a', 'genre': 'drama', 'year': 2019, 'tags': ['x', 'y'], 'rating': 4.5, 'author': {'name': 'Ann'}}",
            "{'id': 'b', 'genre': 'comedy', 'year': 2021, 'tags': ['y'], 'rating': 3, 'draft': null}",
            "{'id': 'c', 'genre': 'drama', 'year': 2023, 'tags': [], 'author': {'name': 'Bob'}}",
            "{'id': 'd', 'genre': 'Drama', 'year': '2020', 'rating': 5}",
            "{'id': 'e', 'year': 1999, 'tags': ['z']}",
    };

    private static Vertx vertx;
    private static Pool pool;
    private final FilterTranslator translator = new FilterTranslator(8, 64);

    @BeforeAll
    static void open() {
        vertx = Vertx.vertx();
        pool = Pool.newInstance(PgBuilder.pool().with(new PoolOptions().setMaxSize(1))
                .connectingTo(new PgConnectOptions().setHost("127.0.0.1").setPort(5432).setDatabase("zerodb_test").setUser("postgres"))
                .using(vertx.getDelegate()).build());
    }

    @AfterAll
    static void close() {
        pool.closeAndAwait();
        vertx.closeAndAwait();
    }

    private List<String> select(String filter) {
        SqlFragment where;
        try {
            where = translator.translate(JSON.readTree(filter.replace('\'', '"')), "doc", 1);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
        return pool.withTransaction(c -> seed(c).chain(() -> c.preparedQuery(
                        "SELECT doc->>'id' AS id FROM filter_docs WHERE " + where.sql() + " ORDER BY 1")
                .execute(Tuple.tuple(new ArrayList<>(where.params())))))
                .map(rows -> {
                    List<String> ids = new ArrayList<>();
                    rows.forEach(r -> ids.add(r.getString("id")));
                    return ids;
                }).await().atMost(WAIT);
    }

    private static io.smallrye.mutiny.Uni<Void> seed(SqlConnection c) {
        io.smallrye.mutiny.Uni<Void> chain = c.query("CREATE TEMP TABLE filter_docs (doc jsonb) ON COMMIT DROP").execute().replaceWithVoid();
        for (String doc : DOCS) {
            chain = chain.chain(() -> c.preparedQuery("INSERT INTO filter_docs VALUES ($1::text::jsonb)")
                    .execute(Tuple.of(doc.replace('\'', '"'))).replaceWithVoid());
        }
        return chain;
    }

    @Test
    void equalityIsExactAndCaseSensitive() {
        assertEquals(List.of("a", "c"), select("{'genre': 'drama'}"));
        assertEquals(List.of("a", "c"), select("{'genre': {'$eq': 'drama'}}"));
    }

    @Test
    void numbersAndStringsNeverEqualEachOther() {
        assertEquals(List.of(), select("{'year': 2020}"));
        assertEquals(List.of("d"), select("{'year': '2020'}"));
    }

    @Test
    void equalityMatchesAnArrayContainingTheValue() {
        assertEquals(List.of("a", "b"), select("{'tags': 'y'}"));
    }

    @Test
    void notEqualIncludesRowsWithoutTheField() {
        assertEquals(List.of("b", "d", "e"), select("{'genre': {'$ne': 'drama'}}"));
    }

    @Test
    void rangesCompareOnlyValuesOfTheSameType() {
        assertEquals(List.of("b", "c"), select("{'year': {'$gt': 2019}}"));
        assertEquals(List.of("a", "b"), select("{'year': {'$gte': 2019, '$lte': 2021}}"));
        assertEquals(List.of("e"), select("{'year': {'$lt': 2000}}"));
        assertEquals(List.of("d"), select("{'year': {'$gte': '2000'}}"));
        assertEquals(List.of("a", "d"), select("{'rating': {'$gt': 4}}"));
    }

    @Test
    void inAndNotIn() {
        assertEquals(List.of("b", "d"), select("{'genre': {'$in': ['comedy', 'Drama']}}"));
        assertEquals(List.of("a", "e"), select("{'tags': {'$in': ['x', 'z']}}"));
        assertEquals(List.of("a", "c", "e"), select("{'genre': {'$nin': ['comedy', 'Drama']}}"));
        assertEquals(List.of(), select("{'genre': {'$in': []}}"));
    }

    @Test
    void existsCountsJsonNullAsPresent() {
        assertEquals(List.of("b"), select("{'draft': {'$exists': true}}"));
        assertEquals(List.of("a", "c", "d", "e"), select("{'draft': {'$exists': false}}"));
        assertEquals(List.of("b"), select("{'draft': null}"));
    }

    @Test
    void nestedPaths() {
        assertEquals(List.of("c"), select("{'author.name': 'Bob'}"));
        assertEquals(List.of("a", "c"), select("{'author.name': {'$exists': true}}"));
    }

    @Test
    void andOrCombine() {
        assertEquals(List.of("a", "b", "c"), select("{'$or': [{'genre': 'comedy'}, {'tags': 'x'}, {'year': 2023}]}"));
        assertEquals(List.of("a"), select("{'$and': [{'genre': 'drama'}, {'year': {'$lt': 2020}}]}"));
        assertEquals(List.of("c"), select("{'genre': 'drama', '$or': [{'year': 2023}, {'tags': 'z'}]}"));
    }

    @Test
    void emptyFilterSelectsEverything() {
        assertEquals(List.of("a", "b", "c", "d", "e"), select("{}"));
    }
}
