package studio.ainative.platform.web;

/**
 * A vector a client sent (a JSON array of numbers, read as {@code double[]}), checked and narrowed to the
 * float32 every service stores and compares: each refusal a 400 with a stable code.
 */
public final class VectorInputs {

    private VectorInputs() {
    }

    /**
     * Non-empty, at most {@code maxDimensions} components, each a finite number within float range, not all
     * zero (no direction to compare). {@code member} names the field in the error, e.g. {@code query_vector}.
     *
     * @throws ApiException 400 {@code invalid_vector} or {@code too_many_dimensions}
     */
    public static void check(double[] vector, String member, int maxDimensions) {
        if (vector.length == 0) {
            throw ApiException.badRequest("invalid_vector", member + " is empty");
        }
        if (vector.length > maxDimensions) {
            throw ApiException.badRequest("too_many_dimensions",
                    member + " has " + vector.length + " dimensions; at most " + maxDimensions + " are accepted");
        }
        boolean nonZero = false;
        for (int i = 0; i < vector.length; i++) {
            double x = vector[i];
            if (Double.isNaN(x) || Double.isInfinite(x) || Math.abs(x) > Float.MAX_VALUE) {
                throw ApiException.badRequest("invalid_vector", member + "[" + i + "] is not a finite 32-bit float ("
                        + (Double.isNaN(x) ? "NaN" : Double.isInfinite(x) ? (x > 0 ? "Infinity" : "-Infinity") : "out of range") + ")");
            }
            nonZero |= (float) x != 0f;
        }
        if (!nonZero) {
            throw ApiException.badRequest("invalid_vector", member + " is all zeros, which has no direction to compare");
        }
    }

    /** {@link #check checked}, then as float32. */
    public static float[] floats(double[] vector, String member, int maxDimensions) {
        check(vector, member, maxDimensions);
        return narrow(vector);
    }

    /** As float32, unchecked (the caller checked it). */
    public static float[] narrow(double[] vector) {
        float[] out = new float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            out[i] = (float) vector[i];
        }
        return out;
    }
}
