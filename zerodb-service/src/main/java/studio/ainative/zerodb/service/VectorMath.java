package studio.ainative.zerodb.service;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** How vectors are stored and compared: float32 little-endian bytes, sign-bit codes, cosine. */
public final class VectorMath {

    private VectorMath() {
    }

    public static byte[] toBytes(float[] vector) {
        ByteBuffer buffer = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : vector) {
            buffer.putFloat(x);
        }
        return buffer.array();
    }

    public static float[] fromBytes(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        float[] vector = new float[bytes.length / Float.BYTES];
        for (int i = 0; i < vector.length; i++) {
            vector[i] = buffer.getFloat();
        }
        return vector;
    }

    /**
     * The coarse code: one bit per component, 1 where the component is positive. Hamming distance between
     * codes approximates the angle between vectors; written as PostgreSQL bit-string text.
     */
    public static String signCode(float[] vector) {
        char[] bits = new char[vector.length];
        for (int i = 0; i < vector.length; i++) {
            bits[i] = vector[i] > 0 ? '1' : '0';
        }
        return new String(bits);
    }

    public static double norm(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        return Math.sqrt(sum);
    }

    /** Cosine similarity given both norms (neither zero: zero vectors are refused at upsert). */
    public static double cosine(float[] a, double normA, float[] b, double normB) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
        }
        return dot / (normA * normB);
    }
}
