package studio.ainative.platform.vectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The coarse pass and exact ranking run by PostgreSQL itself over a temporary table laid out as a second
 * service would (one table holding code, bytes and norm; a scope column of its own), with no application.
 */
class CandidateSearchPostgresTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final VectorTable NOTES = new VectorTable("vector_notes", "vector_notes", List.of("note_id"), "note_id", "sign",
            "bytes", "length");
    private static final CandidateSearch SEARCH = new CandidateSearch(NOTES);

    private static final Vertx VERTX = Vertx.vertx();
    /** Superuser on the always-present {@code postgres} database: the test's table is temporary. */
    private static final Pool POOL = Pool.newInstance(PgBuilder.pool().with(new PoolOptions().setMaxSize(1)).using(VERTX.getDelegate())
            .connectingTo(new PgConnectOptions().setHost("127.0.0.1").setPort(5432).setDatabase("postgres").setUser("postgres")).build());

    @AfterAll
    static void close() {
        POOL.closeAndAwait();
        VERTX.closeAndAwait();
    }

    /** Runs {@code work} in a transaction holding the seeded table, which goes with the transaction. */
    private static <T> T withNotes(Function<SqlConnection, Uni<T>> work) {
        return POOL.withTransaction(c -> c.query("CREATE TEMP TABLE vector_notes (note_id text PRIMARY KEY, owner text, "
                        + "sign bit varying, bytes bytea, length double precision) ON COMMIT DROP").execute()
                .chain(() -> insert(c, "alice-east", "alice", 1, 0, 0))
                .chain(() -> insert(c, "alice-north", "alice", 0, 1, 0))
                .chain(() -> insert(c, "alice-west", "alice", -1, 0, 0))
                .chain(() -> insert(c, "bob-east", "bob", 1, 0.01f, 0))
                .chain(() -> work.apply(c))).await().atMost(WAIT);
    }

    private static Uni<Void> insert(SqlConnection c, String id, String owner, float... v) {
        EncodedVector e = EncodedVector.of(v);
        return c.preparedQuery("INSERT INTO vector_notes VALUES ($1, $2, $3::text::varbit, $4, $5)")
                .execute(Tuple.of(id, owner, e.code(), e.buffer(), e.norm())).replaceWithVoid();
    }

    @Test
    void findsTheScopesVectorsWithTheirFloatsAndRanksThemExactly() {
        float[] query = {0.9f, 0.2f, 0};
        List<Candidate> found = withNotes(c -> SEARCH.candidates(c, new SqlFragment("c.owner = $1", List.of("alice")), false, query, 10));
        assertEquals(3, found.size());
        Candidate east = found.stream().filter(x -> x.id().equals("alice-east")).findFirst().orElseThrow();
        assertArrayEquals(new float[] {1, 0, 0}, east.embedding());
        assertEquals(1.0, east.norm(), 1e-12);
        List<String> ranked = ExactRanking.top(query, found, null, 2).stream().map(ScoredId::id).toList();
        assertEquals(List.of("alice-east", "alice-north"), ranked);
    }

    @Test
    void keepsTheLimitNearestByCode() {
        float[] query = {1, 0, 0};
        List<Candidate> found = withNotes(c -> SEARCH.candidates(c, new SqlFragment("c.owner = $1", List.of("alice")), false, query, 1));
        assertEquals(List.of("alice-east"), found.stream().map(Candidate::id).toList());
    }

    @Test
    void aScopeOverTheJoinedRowsWorksToo() {
        float[] query = {1, 0, 0};
        SqlFragment scope = new SqlFragment("f.owner = $1", List.of("bob"));
        List<Candidate> found = withNotes(c -> SEARCH.candidates(c, scope, true, query, 10));
        assertEquals(List.of("bob-east"), found.stream().map(Candidate::id).toList());
    }

    @Test
    void partsOfTheScopeAreSearchedAsOne() {
        float[] query = {1, 0.5f, 0};
        SqlFragment scope = new SqlFragment("c.note_id <> $1", List.of("alice-north"));
        List<Candidate> found = withNotes(c -> SEARCH.candidates(c, scope, List.of("c.owner = 'alice'", "c.owner = 'bob'"), query, 10));
        assertEquals(List.of("alice-east", "alice-west", "bob-east"), found.stream().map(Candidate::id).sorted().toList());
        List<Candidate> nearest = withNotes(c -> SEARCH.candidates(c, scope, List.of("c.owner = 'alice'", "c.owner = 'bob'"), query, 2));
        assertEquals(List.of("alice-east", "bob-east"), nearest.stream().map(Candidate::id).sorted().toList());
        // Overlapping parts: a row in both counts once.
        List<Candidate> overlapping = withNotes(c -> SEARCH.candidates(c, scope, List.of("c.owner = 'alice'", "c.note_id LIKE 'alice-%'"), query, 10));
        assertEquals(List.of("alice-east", "alice-west"), overlapping.stream().map(Candidate::id).sorted().toList());
    }

    @Test
    void nearestCodesOfPartsAndVectorsOfIdsInScope() {
        float[] query = {1, 0.5f, 0};
        SqlFragment scope = new SqlFragment("c.note_id <> $1", List.of("alice-north"));
        // Codes: east 100, west 000, bob-east 110; the query's 110. A row in both parts counts once, nearest first.
        List<PackedCodes.Coded> codes = withNotes(c -> SEARCH.nearestCodes(c, scope,
                List.of("c.owner = 'alice'", "c.note_id LIKE '%-east'"), query, 10));
        assertEquals(List.of("bob-east", "alice-east", "alice-west"), codes.stream().map(PackedCodes.Coded::id).toList());
        assertArrayEquals(new byte[] {(byte) 0b1100_0000}, codes.get(0).code());
        assertArrayEquals(new byte[] {0}, codes.get(2).code());
        assertEquals(List.of("bob-east", "alice-east"), withNotes(c -> SEARCH.nearestCodes(c, scope,
                List.of("c.owner = 'alice'", "c.note_id LIKE '%-east'"), query, 2)).stream().map(PackedCodes.Coded::id).toList());
        List<Candidate> vectors = withNotes(c -> SEARCH.vectors(c, new SqlFragment("f.owner = $1", List.of("alice")),
                List.of("alice-west", "bob-east", "nobody")));
        assertEquals(List.of("alice-west"), vectors.stream().map(Candidate::id).toList());
        assertArrayEquals(new float[] {-1, 0, 0}, vectors.get(0).embedding());
        assertEquals(List.of(), withNotes(c -> SEARCH.vectors(c, new SqlFragment("true", List.of()), List.of())));
    }

    /** PostgreSQL's bytes of a bit string (varbit_send without its length) are SignCode.bytes, and bit_count of the XOR is distance. */
    @Test
    void bytesAndDistancesAreThoseOfPostgresBitStrings() {
        Random random = new Random(5);
        for (int dims : new int[] {1, 7, 8, 13, 64, 384, 385}) {
            float[] a = PackedCodesTest.random(random, dims);
            float[] b = PackedCodesTest.random(random, dims);
            Row row = POOL.preparedQuery("SELECT substr(varbit_send($1::text::varbit), 5) AS bytes, "
                            + "bit_count($1::text::varbit # $2::text::varbit)::int AS distance")
                    .execute(Tuple.of(SignCode.of(a), SignCode.of(b))).await().atMost(WAIT).iterator().next();
            assertArrayEquals(row.getBuffer("bytes").getBytes(), SignCode.bytes(a), "dims " + dims);
            assertEquals(row.getInteger("distance"), PackedCodes.distance(SignCode.bytes(a), 0, SignCode.bytes(b)), "dims " + dims);
        }
    }
}
