package studio.ainative.zerodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static studio.ainative.zerodb.fixtures.Api.BASE;
import static studio.ainative.zerodb.fixtures.IvfNamespaces.DIMS;
import static studio.ainative.zerodb.fixtures.IvfNamespaces.WAIT;
import static studio.ainative.zerodb.fixtures.IvfNamespaces.clustered;
import static studio.ainative.zerodb.fixtures.IvfNamespaces.recall;
import static studio.ainative.zerodb.fixtures.IvfNamespaces.search;
import static studio.ainative.zerodb.fixtures.IvfNamespaces.settled;
import static studio.ainative.zerodb.fixtures.IvfNamespaces.sql;
import static studio.ainative.zerodb.fixtures.IvfNamespaces.upsert;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import studio.ainative.platform.testing.IdentityServiceResource;
import studio.ainative.platform.testing.Tenant;
import studio.ainative.platform.vectors.PackedCodes;
import studio.ainative.zerodb.fixtures.IvfNamespaces;

/**
 * Packed lists through the API: once a trained namespace's rows are all assigned, maintenance packs each list's ids and
 * codes; project-wide searches then read the packs and still match exact search; rows written after the packing are
 * found, deleted or moved rows are not; and enough writes bring a new packing that replaces the old one.
 */
@QuarkusTest
@QuarkusTestResource(IdentityServiceResource.class)
@TestProfile(PackedListsTest.SmallPacks.class)
class PackedListsTest {

    /** As VectorListsTest's lists (but no retraining), packed once settled and again once 60 rows were written since. */
    public static class SmallPacks implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return IvfNamespaces.smallLists("100", Map.of("zerodb.search.ivf.pack-min-tail", "60", "zerodb.search.ivf.pack-tail-fraction", "0"));
        }
    }

    @Inject
    MeterRegistry meters;

    @BeforeAll
    static void connect() {
        IvfNamespaces.open();
    }

    @AfterAll
    static void close() {
        IvfNamespaces.close();
    }

    /** The write number the namespace's packs hold, once they are of {@code version} and hold its every row. */
    private static long packed(UUID project, String namespace, int version) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Row row = sql("SELECT ivf_packed_version, ivf_packed_through, (SELECT max(written) FROM vector_codes c "
                    + "WHERE c.project_id = n.project_id AND c.namespace = n.namespace) AS last FROM namespaces n "
                    + "WHERE project_id = $1 AND namespace = $2", Tuple.of(project, namespace)).iterator().next();
            if (row.getInteger("ivf_packed_version") == version && row.getLong("ivf_packed_through") >= row.getLong("last")) {
                return row.getLong("ivf_packed_through");
            }
            Thread.sleep(100);
        }
        throw new AssertionError("namespace " + namespace + " not packed at version " + version + " through its last write");
    }

    private static PackedCodes.Pack pack(Row row) {
        return new PackedCodes.Pack(row.getInteger("entries"), row.getBuffer("ids").getBytes(), row.getBuffer("codes").getBytes());
    }

    private double searches(String path) {
        return meters.counter("zerodb.search.coarse", "path", path).count();
    }

    @Test
    void aSettledNamespaceIsPackedAndItsSearchesReadThePacks() throws Exception {
        Tenant tenant = Tenant.create("packs-recall");
        List<double[]> all = clustered(7, 940, 40);
        List<double[]> vectors = all.subList(0, 900);
        List<double[]> queries = all.subList(900, 940);
        upsert(tenant.apiKey(), "docs", "d-", vectors, 0, vectors.size());
        int version = settled(tenant.projectId(), "docs", 1);
        long through = packed(tenant.projectId(), "docs", version);

        // Every vector is in exactly two packs (its nearest and second nearest lists), each code 3 bytes (24 bits).
        Map<String, Integer> copies = new HashMap<>();
        sql("SELECT entries, ids, codes FROM vector_list_packs WHERE project_id = $1 AND namespace = 'docs' AND packed_through = $2",
                Tuple.of(tenant.projectId(), through)).forEach(row -> {
                    PackedCodes.Pack pack = pack(row);
                    assertEquals(pack.entries() * (DIMS / 8), pack.codes().length);
                    for (String id : PackedCodes.ids(pack)) {
                        copies.merge(id, 1, Integer::sum);
                    }
                });
        assertEquals(vectors.size(), copies.size());
        assertTrue(copies.values().stream().allMatch(n -> n == 2), "each vector in two lists");

        double packedBefore = searches("packed");
        double listsBefore = searches("lists");
        double fromMemory = packReads("memory");
        double fromDatabase = packReads("database");
        double recall = recall(tenant.apiKey(), vectors, queries);
        assertTrue(recall >= 0.9, "recall@10 against exact " + recall);
        assertEquals(packedBefore + queries.size(), searches("packed"), "each search read the packs");
        assertEquals(listsBefore, searches("lists"));
        // A pack never changes once written: each is read from PostgreSQL once, then from this replica's memory (a
        // list without a pack is asked for by every search that probes it).
        double read = packReads("database") - fromDatabase;
        int packs = sql("SELECT count(*)::int AS n FROM vector_list_packs WHERE project_id = $1 AND namespace = 'docs' AND packed_through = $2",
                Tuple.of(tenant.projectId(), through)).iterator().next().getInteger("n");
        int empty = lists(tenant.projectId(), "docs") - packs;
        assertTrue(read > 0 && read <= packs + (double) empty * queries.size(), read + " packs read from the database, " + packs + " packs");
        assertTrue(packReads("memory") - fromMemory > read, "later searches read them from memory");

        // The same namespace name in another project: its own packs, and never the first project's vectors.
        Tenant other = Tenant.create("packs-other");
        upsert(other.apiKey(), "docs", "o-", vectors, 0, vectors.size());
        packed(other.projectId(), "docs", settled(other.projectId(), "docs", 1));
        for (double[] query : queries.subList(0, 5)) {
            assertTrue(search(other.apiKey(), "docs", query, 10).stream().allMatch(id -> id.startsWith("o-")));
            assertTrue(search(tenant.apiKey(), "docs", query, 10).stream().allMatch(id -> id.startsWith("d-")));
        }
    }

    private double packReads(String source) {
        return meters.counter("zerodb.search.packs", "source", source).count();
    }

    /** The lists of the namespace's current centroids. */
    private int lists(UUID project, String namespace) {
        return sql("SELECT count(*)::int AS n FROM vector_centroids c JOIN namespaces n USING (project_id, namespace) "
                + "WHERE c.project_id = $1 AND c.namespace = $2 AND c.version = n.ivf_version", Tuple.of(project, namespace))
                .iterator().next().getInteger("n");
    }

    @Test
    void writesAfterThePackingAreFoundAndDeletedOrMovedVectorsAreNot() throws Exception {
        Tenant tenant = Tenant.create("packs-tail");
        UUID project = tenant.projectId();
        List<double[]> vectors = clustered(11, 640, 30);
        upsert(tenant.apiKey(), "docs", "p-", vectors, 0, 600);
        int version = settled(project, "docs", 1);
        long through = packed(project, "docs", version);

        // Fewer writes (42) than the next packing needs: they stay in the tail.
        upsert(tenant.apiKey(), "docs", "p-", vectors, 600, 640);
        Random random = new Random(5);
        double[] rewritten = new double[DIMS];
        for (int d = 0; d < DIMS; d++) {
            rewritten[d] = 3 * random.nextGaussian();
        }
        Tenant.as(tenant.apiKey()).body(Map.of("vector_id", "p-5", "namespace", "docs", "vector_embedding", rewritten))
                .post(BASE + "/vectors/upsert").then().statusCode(200);
        Tenant.as(tenant.apiKey()).delete(BASE + "/vectors/p-10").then().statusCode(204);
        Tenant.as(tenant.apiKey()).body(Map.of("vector_id", "p-20", "namespace", "elsewhere", "vector_embedding", vectors.get(20)))
                .post(BASE + "/vectors/upsert").then().statusCode(200);

        double packedBefore = searches("packed");
        for (int i = 600; i < 640; i++) {
            assertEquals(List.of("p-" + i), search(tenant.apiKey(), "docs", vectors.get(i), 1), "written after the packing");
        }
        assertEquals(List.of("p-5"), search(tenant.apiKey(), "docs", rewritten, 1), "rewritten after the packing");
        assertFalse(search(tenant.apiKey(), "docs", vectors.get(10), 10).contains("p-10"), "deleted after the packing");
        assertFalse(search(tenant.apiKey(), "docs", vectors.get(20), 10).contains("p-20"), "moved to another namespace");
        assertEquals(List.of("p-20"), search(tenant.apiKey(), "elsewhere", vectors.get(20), 1));
        assertEquals(packedBefore + 43, searches("packed"), "the docs searches read the packs of write " + through);

        // Past the tail's limit (one batch, so one packing takes it all): a new packing replaces this one, which is
        // kept one packing longer for searches that read the namespace just before.
        List<double[]> more = clustered(12, 80, 30);
        upsert(tenant.apiKey(), "docs", "m-", more, 0, more.size());
        long next = packed(project, "docs", version);
        assertTrue(next > through);
        for (int i = 0; i < more.size(); i += 9) {
            assertEquals(List.of("m-" + i), search(tenant.apiKey(), "docs", more.get(i), 1));
        }
        assertEquals(List.of("p-5"), search(tenant.apiKey(), "docs", rewritten, 1));
        List<Long> packings = sql("SELECT DISTINCT packed_through FROM vector_list_packs WHERE project_id = $1 ORDER BY 1", Tuple.of(project))
                .stream().map(row -> row.getLong("packed_through")).toList();
        assertTrue(packings.contains(next) && packings.size() <= 2, "the new packing and at most the one it replaced: " + packings);
        sql("SELECT entries, ids, codes FROM vector_list_packs WHERE project_id = $1 AND packed_through = $2", Tuple.of(project, next))
                .forEach(row -> assertFalse(PackedCodes.ids(pack(row)).contains("p-10"), "the new packing holds no deleted vector"));
    }
}
