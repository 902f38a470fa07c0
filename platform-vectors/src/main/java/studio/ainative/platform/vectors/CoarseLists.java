package studio.ainative.platform.vectors;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import studio.ainative.platform.embeddings.Vectors;

/**
 * IVF-style partitioning of a vector set: {@code k} unit-length centroids found by spherical k-means on a
 * sample; each vector belongs to the list of its nearest centroid by cosine, and a search probes the lists of
 * the {@code nprobe} centroids nearest the query. Pure computation (no database): a service stores the
 * centroids ({@link #bytes(int)}) and each vector's list next to its code, and scans only the probed lists.
 *
 * <p>Immutable once trained; safe to share between threads.
 */
public final class CoarseLists {

    private final float[][] centroids;

    /** Centroids as trained (each normalised to unit length here, so nearest is the largest dot product). */
    public CoarseLists(float[][] centroids) {
        if (centroids.length == 0) {
            throw new IllegalArgumentException("at least one centroid");
        }
        int dims = centroids[0].length;
        this.centroids = new float[centroids.length][];
        for (int i = 0; i < centroids.length; i++) {
            if (centroids[i].length != dims) {
                throw new IllegalArgumentException("centroid " + i + " has " + centroids[i].length + " dimensions, not " + dims);
            }
            this.centroids[i] = Vectors.normalized(centroids[i]);
        }
    }

    /** The number of lists. */
    public int size() {
        return centroids.length;
    }

    public int dims() {
        return centroids[0].length;
    }

    /** Centroid {@code list}'s float32 bytes, as {@link Float32Bytes} stores it. */
    public byte[] bytes(int list) {
        return Float32Bytes.encode(centroids[list]);
    }

    /** The list of the centroid nearest {@code vector} by cosine (ties to the lower list). */
    public int nearest(float[] vector) {
        return nearestTwo(vector)[0];
    }

    /**
     * The lists of the two centroids nearest {@code vector} by cosine, nearest first (the same list twice when there
     * is only one). A vector stored in both is found by a search that probes either: neighbours near a boundary
     * between lists are much less often missed, for a fraction more rows read.
     */
    public int[] nearestTwo(float[] vector) {
        checkDims(vector);
        int best = 0;
        int second = -1;
        double bestDot = Double.NEGATIVE_INFINITY;
        double secondDot = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < centroids.length; i++) {
            double d = dot(centroids[i], vector);
            if (d > bestDot) {
                second = best;
                secondDot = bestDot;
                best = i;
                bestDot = d;
            } else if (d > secondDot) {
                second = i;
                secondDot = d;
            }
        }
        return new int[] {best, second < 0 || centroids.length == 1 ? best : second};
    }

    /** The lists of the {@code nprobe} centroids nearest {@code query} by cosine, nearest first. */
    public int[] probes(float[] query, int nprobe) {
        checkDims(query);
        int n = Math.min(Math.max(1, nprobe), centroids.length);
        // Each centroid's score and index in one sortable long: the score's bits ordered descending, ties by index.
        long[] keyed = new long[centroids.length];
        for (int i = 0; i < centroids.length; i++) {
            int bits = Float.floatToIntBits((float) dot(centroids[i], query));
            int ascending = bits < 0 ? ~bits : bits | Integer.MIN_VALUE;   // order-preserving unsigned form of the float
            keyed[i] = ((~ascending & 0xFFFF_FFFFL) << 32) | i;             // descending score first, then index
        }
        sortUnsigned(keyed);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = (int) keyed[i];
        }
        return out;
    }

    /** Sorts as unsigned 64-bit values (flipping the sign bit makes signed order unsigned order). */
    private static void sortUnsigned(long[] values) {
        for (int i = 0; i < values.length; i++) {
            values[i] ^= Long.MIN_VALUE;
        }
        Arrays.sort(values);
        for (int i = 0; i < values.length; i++) {
            values[i] ^= Long.MIN_VALUE;
        }
    }

    private void checkDims(float[] vector) {
        if (vector.length != dims()) {
            throw new IllegalArgumentException("vector has " + vector.length + " dimensions, the lists " + dims());
        }
    }

    /**
     * Spherical k-means: k-means++ seeding (by cosine distance), then {@code iterations} rounds of assigning each
     * sample vector to its nearest centroid and moving each centroid to the normalised mean of its members. A list
     * left empty is reseeded with the sample vector farthest from its centroid. Deterministic for a given seed and
     * sample order. {@code k} is capped by the sample size.
     */
    public static CoarseLists train(List<float[]> sample, int k, int iterations, long seed) {
        if (sample.isEmpty()) {
            throw new IllegalArgumentException("an empty sample");
        }
        int lists = Math.max(1, Math.min(k, sample.size()));
        int dims = sample.get(0).length;
        List<float[]> points = new ArrayList<>(sample.size());
        for (float[] v : sample) {
            if (v.length != dims) {
                throw new IllegalArgumentException("sample vectors of " + v.length + " and " + dims + " dimensions");
            }
            points.add(Vectors.normalized(v));
        }
        SplittableRandom random = new SplittableRandom(seed);
        float[][] centroids = seed(points, lists, random);
        int[] assigned = new int[points.size()];
        double[] similarity = new double[points.size()];
        for (int round = 0; round < Math.max(1, iterations); round++) {
            for (int p = 0; p < points.size(); p++) {
                float[] v = points.get(p);
                int best = 0;
                double bestDot = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < lists; c++) {
                    double d = dot(centroids[c], v);
                    if (d > bestDot) {
                        bestDot = d;
                        best = c;
                    }
                }
                assigned[p] = best;
                similarity[p] = bestDot;
            }
            double[][] sums = new double[lists][dims];
            int[] counts = new int[lists];
            for (int p = 0; p < points.size(); p++) {
                float[] v = points.get(p);
                double[] sum = sums[assigned[p]];
                for (int d = 0; d < dims; d++) {
                    sum[d] += v[d];
                }
                counts[assigned[p]]++;
            }
            boolean[] taken = new boolean[points.size()];
            for (int c = 0; c < lists; c++) {
                if (counts[c] == 0) {
                    // The worst-served sample point founds the empty list.
                    int worst = -1;
                    for (int p = 0; p < points.size(); p++) {
                        if (!taken[p] && (worst < 0 || similarity[p] < similarity[worst])) {
                            worst = p;
                        }
                    }
                    taken[worst] = true;
                    similarity[worst] = Double.POSITIVE_INFINITY;
                    centroids[c] = points.get(worst).clone();
                    continue;
                }
                float[] next = new float[dims];
                for (int d = 0; d < dims; d++) {
                    next[d] = (float) sums[c][d];
                }
                centroids[c] = Vectors.normalized(next);
            }
        }
        return new CoarseLists(centroids);
    }

    /** k-means++: each next seed drawn with probability proportional to its cosine distance to the nearest seed. */
    private static float[][] seed(List<float[]> points, int lists, SplittableRandom random) {
        float[][] centroids = new float[lists][];
        centroids[0] = points.get(random.nextInt(points.size())).clone();
        double[] distance = new double[points.size()];
        Arrays.fill(distance, Double.POSITIVE_INFINITY);
        for (int c = 1; c < lists; c++) {
            double total = 0;
            for (int p = 0; p < points.size(); p++) {
                double d = Math.max(0, 1 - dot(centroids[c - 1], points.get(p)));
                if (d < distance[p]) {
                    distance[p] = d;
                }
                total += distance[p];
            }
            int chosen;
            if (total <= 0) {
                chosen = random.nextInt(points.size());
            } else {
                double target = random.nextDouble() * total;
                chosen = points.size() - 1;
                for (int p = 0; p < points.size(); p++) {
                    target -= distance[p];
                    if (target <= 0) {
                        chosen = p;
                        break;
                    }
                }
            }
            centroids[c] = points.get(chosen).clone();
        }
        return centroids;
    }

    /**
     * Dot product, eight accumulators: the JIT does not vectorise a single float reduction, and eight independent sums
     * keep both floating-point adders busy through their latency (a search scores the query against every centroid).
     */
    static double dot(float[] a, float[] b) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        float s4 = 0;
        float s5 = 0;
        float s6 = 0;
        float s7 = 0;
        int i = 0;
        for (; i + 7 < a.length; i += 8) {
            s0 += a[i] * b[i];
            s1 += a[i + 1] * b[i + 1];
            s2 += a[i + 2] * b[i + 2];
            s3 += a[i + 3] * b[i + 3];
            s4 += a[i + 4] * b[i + 4];
            s5 += a[i + 5] * b[i + 5];
            s6 += a[i + 6] * b[i + 6];
            s7 += a[i + 7] * b[i + 7];
        }
        for (; i < a.length; i++) {
            s0 += a[i] * b[i];
        }
        return ((double) s0 + s1 + s2 + s3) + ((double) s4 + s5 + s6 + s7);
    }
}
