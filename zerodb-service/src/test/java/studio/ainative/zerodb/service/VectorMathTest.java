package studio.ainative.zerodb.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class VectorMathTest {

    @Test
    void signCodeHasOneBitPerComponentSetWhereItIsPositive() {
        assertEquals("1001", VectorMath.signCode(new float[] {0.5f, -0.1f, 0f, 3f}));
    }

    @Test
    void bytesRoundTripExactlyInLittleEndianFloat32() {
        float[] v = {1.5f, -0.0f, Float.MIN_VALUE, -Float.MAX_VALUE, 0.1f};
        byte[] bytes = VectorMath.toBytes(v);
        assertEquals(20, bytes.length);
        assertEquals((byte) 0x3f, bytes[3]);
        assertEquals((byte) 0xc0, bytes[2]);
        assertArrayEquals(v, VectorMath.fromBytes(bytes));
    }

    @Test
    void cosineIsScaleInvariantAndSigned() {
        float[] a = {1, 0};
        float[] b = {3, 3};
        assertEquals(Math.sqrt(0.5), VectorMath.cosine(a, VectorMath.norm(a), b, VectorMath.norm(b)), 1e-9);
        float[] c = {-2, 0};
        assertEquals(-1, VectorMath.cosine(a, VectorMath.norm(a), c, VectorMath.norm(c)), 1e-9);
    }
}
