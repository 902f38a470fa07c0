package studio.ainative.platform.vectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CoarseListsTest {

    private static final int DIMS = 32;

    /** Seeded points around {@code clusters} random centres; {@code labels} gets each point's centre. */
    private static List<float[]> clustered(long seed, int count, int clusters, int[] labels) {
        Random random = new Random(seed);
        float[][] centres = new float[clusters][DIMS];
        for (float[] c : centres) {
            for (int d = 0; d < DIMS; d++) {
                c[d] = (float) random.nextGaussian();
            }
        }
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int label = random.nextInt(clusters);
            if (labels != null) {
                labels[i] = label;
            }
            float[] v = new float[DIMS];
            for (int d = 0; d < DIMS; d++) {
                v[d] = centres[label][d] + (float) (0.2 * random.nextGaussian());
            }
            out.add(v);
        }
        return out;
    }

    @Test
    void wellSeparatedClustersEachGetTheirOwnList() {
        int[] labels = new int[2000];
        List<float[]> points = clustered(1, 2000, 8, labels);
        CoarseLists lists = CoarseLists.train(points, 8, 10, 42);
        assertEquals(8, lists.size());
        int[] listOfCluster = new int[8];
        Arrays.fill(listOfCluster, -1);
        for (int i = 0; i < points.size(); i++) {
            int list = lists.nearest(points.get(i));
            if (listOfCluster[labels[i]] < 0) {
                listOfCluster[labels[i]] = list;
            }
            assertEquals(listOfCluster[labels[i]], list, "point " + i + " of cluster " + labels[i]);
        }
        assertEquals(8, Arrays.stream(listOfCluster).distinct().count());
    }

    @Test
    void probesAreDistinctNearestFirstAndStartWithTheNearestList() {
        List<float[]> points = clustered(2, 1500, 30, null);
        CoarseLists lists = CoarseLists.train(points, 30, 8, 7);
        for (float[] q : clustered(3, 50, 30, null)) {
            int[] probes = lists.probes(q, 5);
            assertEquals(5, probes.length);
            assertEquals(lists.nearest(q), probes[0]);
            int[] two = lists.nearestTwo(q);
            assertEquals(probes[0], two[0]);
            assertEquals(lists.probes(q, 2)[1], two[1]);
            assertEquals(5, Arrays.stream(probes).distinct().count());
            double previous = Double.POSITIVE_INFINITY;
            for (int p : probes) {
                double similarity = ExactRanking.cosine(q, Math.sqrt(CoarseLists.dot(q, q)), Float32Bytes.decode(lists.bytes(p)), 1.0);
                assertTrue(similarity <= previous + 1e-9);
                previous = similarity;
            }
        }
        assertEquals(30, lists.probes(points.get(0), 1000).length, "at most every list");
        assertEquals(1, lists.probes(points.get(0), 0).length, "at least one list");
    }

    @Test
    void probingAFewListsFindsTheExactNeighboursOfClusteredData() {
        List<float[]> points = clustered(4, 3000, 40, null);
        CoarseLists lists = CoarseLists.train(points.subList(0, 1200), 55, 10, 9);
        int[] assigned = points.stream().mapToInt(lists::nearest).toArray();
        double hits = 0;
        List<float[]> queries = clustered(5, 60, 40, null);
        for (float[] q : queries) {
            Set<Integer> probed = new HashSet<>();
            for (int p : lists.probes(q, 6)) {
                probed.add(p);
            }
            Integer[] order = new Integer[points.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            double qn = Math.sqrt(CoarseLists.dot(q, q));
            Arrays.sort(order, (a, b) -> Double.compare(cos(q, qn, points.get(b)), cos(q, qn, points.get(a))));
            for (int i = 0; i < 10; i++) {
                hits += probed.contains(assigned[order[i]]) ? 1 : 0;
            }
        }
        double recall = hits / (queries.size() * 10.0);
        assertTrue(recall >= 0.95, "share of the exact top 10 in 6 of 55 lists: " + recall);
    }

    private static double cos(float[] q, double qn, float[] v) {
        return ExactRanking.cosine(q, qn, v, Math.sqrt(CoarseLists.dot(v, v)));
    }

    @Test
    void trainingIsDeterministicForASeedAndCentroidsRoundTripAsBytes() {
        List<float[]> points = clustered(6, 800, 10, null);
        CoarseLists a = CoarseLists.train(points, 12, 5, 99);
        CoarseLists b = CoarseLists.train(points, 12, 5, 99);
        float[][] centroids = new float[a.size()][];
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.bytes(i), b.bytes(i));
            centroids[i] = Float32Bytes.decode(a.bytes(i));
        }
        CoarseLists stored = new CoarseLists(centroids);
        for (float[] p : points) {
            assertEquals(a.nearest(p), stored.nearest(p));
        }
    }

    @Test
    void moreListsThanSamplesAndMismatchedDimensionsAreHandled() {
        List<float[]> points = clustered(7, 5, 2, null);
        assertEquals(5, CoarseLists.train(points, 50, 3, 1).size());
        assertThrows(IllegalArgumentException.class, () -> CoarseLists.train(List.of(), 3, 3, 1));
        CoarseLists lists = CoarseLists.train(points, 2, 3, 1);
        assertThrows(IllegalArgumentException.class, () -> lists.nearest(new float[DIMS + 1]));
        assertThrows(IllegalArgumentException.class, () -> new CoarseLists(new float[][] {new float[2], new float[3]}));
        CoarseLists one = CoarseLists.train(points, 1, 3, 1);
        assertArrayEquals(new int[] {0, 0}, one.nearestTwo(points.get(0)), "one list: the vector's two lists are that one");
    }
}
