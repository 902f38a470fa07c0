package studio.ainative.platform.vectors;

/**
 * The coarse code of a vector: one bit per component, 1 where the component is positive. Hamming distance
 * between codes approximates the angle between vectors, and PostgreSQL computes it on {@code bit varying}
 * ({@code bit_count(a # b)}) without any extension.
 */
public final class SignCode {

    private SignCode() {
    }

    /** The code as PostgreSQL bit-string text, bound as {@code $n::text::varbit}. */
    public static String of(float[] vector) {
        char[] bits = new char[vector.length];
        for (int i = 0; i < vector.length; i++) {
            bits[i] = vector[i] > 0 ? '1' : '0';
        }
        return new String(bits);
    }

    /**
     * The same code as bytes, as PostgreSQL stores and sends a bit string: the first component in the high bit of the
     * first byte, {@code ceil(length / 8)} bytes, unused low bits of the last byte zero.
     */
    public static byte[] bytes(float[] vector) {
        byte[] out = new byte[(vector.length + 7) / 8];
        for (int i = 0; i < vector.length; i++) {
            if (vector[i] > 0) {
                out[i >>> 3] |= (byte) (0x80 >>> (i & 7));
            }
        }
        return out;
    }
}
