package studio.ainative.zerodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static studio.ainative.zerodb.fixtures.Api.BASE;
import static studio.ainative.zerodb.fixtures.IvfNamespaces.WAIT;
import static studio.ainative.zerodb.fixtures.IvfNamespaces.admin;
import static studio.ainative.zerodb.fixtures.IvfNamespaces.clustered;
import static studio.ainative.zerodb.fixtures.IvfNamespaces.recall;
import static studio.ainative.zerodb.fixtures.IvfNamespaces.search;
import static studio.ainative.zerodb.fixtures.IvfNamespaces.settled;
import static studio.ainative.zerodb.fixtures.IvfNamespaces.sql;
import static studio.ainative.zerodb.fixtures.IvfNamespaces.stale;
import static studio.ainative.zerodb.fixtures.IvfNamespaces.upsert;
import static studio.ainative.zerodb.fixtures.IvfNamespaces.vectorEquals;
import static studio.ainative.zerodb.fixtures.IvfNamespaces.version;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import studio.ainative.platform.auth.rls.RlsMode;
import studio.ainative.platform.testing.IdentityServiceResource;
import studio.ainative.platform.testing.Tenant;
import studio.ainative.platform.vectors.CoarseLists;
import studio.ainative.platform.vectors.Float32Bytes;
import studio.ainative.zerodb.fixtures.HeldSideConnections;
import studio.ainative.zerodb.fixtures.IvfNamespaces;
import studio.ainative.zerodb.security.Access;
import studio.ainative.zerodb.security.ZerodbTransactions;

/**
 * The partitioned (IVF) search path through the API: a namespace past the (here small) training threshold gets
 * centroids, its searches probe lists and still match exact search on a fixed seeded set; every vector is found while
 * a retrain's reassignment is held up and after it, also vectors rewritten meanwhile, whose lists are then those of
 * their current vectors; and the partitioned path keeps row-level security. The database is inspected as the
 * superuser, only to wait for maintenance and to check where rows sit.
 */
@QuarkusTest
@QuarkusTestResource(IdentityServiceResource.class)
@TestProfile(VectorListsTest.SmallLists.class)
class VectorListsTest {

    /**
     * Training at 300 vectors, retraining at 2×, 6 probes of sqrt(n) lists, maintenance checked after every write; no
     * packing, so searches read the lists' rows (the packed path: PackedListsTest).
     */
    public static class SmallLists implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return IvfNamespaces.smallLists("2", Map.of("zerodb.search.ivf.packed", "false"));
        }
    }


    @Inject
    MeterRegistry meters;

    @Inject
    ZerodbTransactions transactions;

    @ConfigProperty(name = "quarkus.datasource.search.reactive.max-size")
    int sideConnections;

    @BeforeAll
    static void connect() {
        IvfNamespaces.open();
    }

    @AfterAll
    static void close() {
        IvfNamespaces.close();
    }

    @Test
    void aTrainedNamespaceProbesListsAndMatchesExactSearch() throws Exception {
        Tenant tenant = Tenant.create("ivf-recall");
        // Stored vectors and held-out queries around the same centres.
        List<double[]> all = clustered(7, 940, 40);
        List<double[]> vectors = all.subList(0, 900);
        List<double[]> queries = all.subList(900, 940);
        upsert(tenant.apiKey(), "docs", "d-", vectors, 0, vectors.size());
        int version = settled(tenant.projectId(), "docs", 1);
        RowSet<Row> lists = sql("SELECT count(DISTINCT list) AS lists, min(list_version) AS lo, max(list_version) AS hi FROM vector_codes "
                + "WHERE project_id = $1 AND namespace = 'docs'", Tuple.of(tenant.projectId()));
        Row row = lists.iterator().next();
        assertTrue(row.getLong("lists") > 6, "the vectors are spread over more lists than a search probes");
        assertEquals(version, row.getInteger("lo"));
        assertEquals(version, row.getInteger("hi"));

        double split = sideScans("beside");
        double recall = recall(tenant.apiKey(), vectors, queries);
        assertTrue(recall >= 0.9, "recall@10 against exact " + recall);
        assertEquals(split + queries.size(), sideScans("beside"), "each search scanned half of its lists on a side connection");

        // With every side connection taken, each search scans its lists in one statement on its own connection.
        Access holder = new Access(tenant.projectId(), "api_key:holder", RlsMode.PROJECT, true);
        double busy = sideScans("pool_busy");
        try (HeldSideConnections held = new HeldSideConnections(transactions, holder, sideConnections)) {
            double alone = recall(tenant.apiKey(), vectors, queries);
            assertTrue(alone >= 0.9, "recall@10 against exact, one statement " + alone);
            assertEquals(busy + queries.size(), sideScans("pool_busy"), "no search waited for a side connection");
        }
    }

    private double sideScans(String outcome) {
        return meters.counter("zerodb.search.side.scans", "outcome", outcome).count();
    }

    @Test
    void everyVectorIsFoundWhileARetrainReassignsAndAfterward() throws Exception {
        Tenant tenant = Tenant.create("ivf-retrain");
        UUID project = tenant.projectId();
        List<double[]> vectors = clustered(11, 700, 30);
        upsert(tenant.apiKey(), "docs", "r-", vectors, 0, 320);
        int first = settled(project, "docs", 1);

        // Hold row locks on some of the first vectors' codes, so the retrain's reassignment waits on them.
        SqlConnection holder = admin().getConnection().await().atMost(WAIT);
        try {
            holder.query("BEGIN").execute().await().atMost(WAIT);
            holder.preparedQuery("SELECT id FROM vector_codes WHERE project_id = $1 AND id = ANY($2) FOR UPDATE")
                    .execute(Tuple.of(project, new String[] {"r-0", "r-1", "r-2", "r-3", "r-4"})).await().atMost(WAIT);
            upsert(tenant.apiKey(), "docs", "r-", vectors, 320, vectors.size());   // past 2 × 320: a retrain
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (version(project, "docs") == first && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertTrue(version(project, "docs") > first, "retrained");
            assertTrue(stale(project, "docs") > 0, "the reassignment is held up");
            for (int i = 0; i < vectors.size(); i += 7) {
                List<String> found = search(tenant.apiKey(), "docs", vectors.get(i), 1);
                assertTrue(found.size() == 1 && vectorEquals(vectors, found.get(0), i), "r-" + i + " during the retrain: " + found);
            }
        } finally {
            holder.query("ROLLBACK").execute().await().atMost(WAIT);
            holder.closeAndAwait();
        }
        // Rewrite some vectors while the reassignment runs on: whichever commits last, a row ends in its vector's list.
        Random random = new Random(3);
        for (int i = 10; i < 40; i++) {
            double[] moved = vectors.get(random.nextInt(vectors.size())).clone();
            moved[0] += 0.01;
            vectors.set(i, moved);
        }
        upsert(tenant.apiKey(), "docs", "r-", vectors, 10, 40);
        int second = settled(project, "docs", first + 1);
        for (int i = 0; i < vectors.size(); i++) {
            List<String> found = search(tenant.apiKey(), "docs", vectors.get(i), 1);
            assertTrue(found.size() == 1 && vectorEquals(vectors, found.get(0), i), "r-" + i + " after the retrain: " + found);
        }
        // Each row's lists are its stored vector's two nearest centroids of the current version (none from a replaced vector).
        List<float[]> centroids = new ArrayList<>();
        sql("SELECT centroid FROM vector_centroids WHERE project_id = $1 AND namespace = 'docs' AND version = $2 ORDER BY list",
                Tuple.of(project, second)).forEach(r -> centroids.add(Float32Bytes.decode(r.getBuffer("centroid").getBytes())));
        CoarseLists lists = new CoarseLists(centroids.toArray(float[][]::new));
        Map<String, Integer> listOf = new HashMap<>();
        sql("SELECT c.id, c.list, c.list2, v.embedding FROM vector_codes c JOIN vectors v USING (project_id, id) WHERE c.project_id = $1",
                Tuple.of(project)).forEach(r -> {
                    int[] two = lists.nearestTwo(Float32Bytes.decode(r.getBuffer("embedding").getBytes()));
                    assertEquals(two[0], r.getInteger("list"), r.getString("id"));
                    assertEquals(two[1], r.getInteger("list2"), r.getString("id"));
                    listOf.put(r.getString("id"), r.getInteger("list"));
                });
        assertEquals(vectors.size(), listOf.size());
        assertEquals(0L, sql("SELECT count(*) AS n FROM vector_centroids WHERE project_id = $1 AND version <> $2", Tuple.of(project, second))
                .iterator().next().getLong("n"), "older versions' centroids are retired");
    }

    @Test
    void thePartitionedPathKeepsRowLevelSecurity() throws Exception {
        Tenant tenant = Tenant.create("ivf-rls");
        Tenant other = Tenant.create("ivf-rls-other");
        List<double[]> vectors = clustered(21, 600, 20);
        String alice = Tenant.newUserId("alice");
        String bob = Tenant.newUserId("bob");
        upsert(tenant.userToken(alice), "docs", "a-", vectors, 0, 300);
        upsert(tenant.userToken(bob), "docs", "b-", vectors, 300, 600);
        upsert(other.apiKey(), "docs", "o-", clustered(22, 50, 5), 0, 50);
        int version = settled(tenant.projectId(), "docs", 1);

        // Another project's key never sees this project's vectors, even for their very own vectors as queries.
        for (int i = 0; i < 600; i += 37) {
            assertTrue(search(other.apiKey(), "docs", vectors.get(i), 10).stream().allMatch(id -> id.startsWith("o-")));
        }
        // owner_write: every project row readable (the partitioned path), own rows written with a list.
        Tenant.as(tenant.apiKey()).body(Map.of("enabled", true, "policy", "owner_write"))
                .post(BASE + "/projects/" + tenant.projectId() + "/rls").then().statusCode(200);
        for (int i = 0; i < 600; i += 37) {
            List<String> found = search(tenant.userToken(alice), "docs", vectors.get(i), 1);
            assertEquals(List.of((i < 300 ? "a-" : "b-") + i), found);
        }
        // strict: own rows only; a strict user's upsert is assigned a list of the current version too.
        Tenant.as(tenant.apiKey()).body(Map.of("enabled", true, "policy", "strict"))
                .post(BASE + "/projects/" + tenant.projectId() + "/rls").then().statusCode(200);
        for (int i = 300; i < 600; i += 37) {
            assertTrue(search(tenant.userToken(alice), "docs", vectors.get(i), 10).stream().allMatch(id -> id.startsWith("a-")));
        }
        Tenant.as(tenant.userToken(alice)).body(Map.of("vector_id", "a-new", "namespace", "docs", "vector_embedding", vectors.get(5)))
                .post(BASE + "/vectors/upsert").then().statusCode(200);
        assertEquals(version, sql("SELECT list_version FROM vector_codes WHERE project_id = $1 AND id = 'a-new'",
                Tuple.of(tenant.projectId())).iterator().next().getInteger("list_version"));
    }
}
