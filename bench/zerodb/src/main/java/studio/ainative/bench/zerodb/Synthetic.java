package studio.ainative.bench.zerodb;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A larger corpus than the model can embed here in reasonable time (~530 sentences/s): clusters of synthetic
 * vectors around the real embeddings. Vector {@code i} is real embedding {@code i mod n} itself for
 * {@code i < n}, else that embedding plus isotropic Gaussian noise of standard deviation {@link #SIGMA} per
 * component, normalised: at 384 dimensions a variant's cosine to its source is about 0.90 and two variants of one
 * source about 0.81. The corpus keeps the real embeddings' structure (topics, their anisotropy), each real vector
 * becoming a tight cluster, and queries stay real held-out sentences.
 */
final class Synthetic {

    static final double SIGMA = 0.0247;

    private Synthetic() {
    }

    static List<float[]> variants(List<float[]> real, int count, long seed) {
        List<float[]> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            float[] source = real.get(i % real.size());
            if (i < real.size()) {
                out.add(source);
                continue;
            }
            SplittableRandom random = new SplittableRandom(seed * 1_000_003L + i);
            float[] v = new float[source.length];
            double norm = 0;
            for (int d = 0; d < v.length; d++) {
                double x = source[d] + SIGMA * gaussian(random);
                v[d] = (float) x;
                norm += x * x;
            }
            norm = Math.sqrt(norm);
            for (int d = 0; d < v.length; d++) {
                v[d] = (float) (v[d] / norm);
            }
            out.add(v);
        }
        return out;
    }

    private static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        double w = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * w);
    }

    static Map<String, Object> description(int count, int real) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("vectors", count);
        out.put("made_from_real_embeddings", real);
        out.put("how", "the real embeddings, then each real embedding plus Gaussian noise (sigma " + SIGMA
                + " per component), normalised, in turn until the count is reached: clusters of ~" + Math.round(count / (double) real)
                + " around each real sentence; queries are held-out real sentences");
        return out;
    }
}
