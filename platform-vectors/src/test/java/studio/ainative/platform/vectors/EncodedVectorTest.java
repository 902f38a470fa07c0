package studio.ainative.platform.vectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class EncodedVectorTest {

    @Test
    void signCodeHasOneBitPerComponentSetWhereItIsPositive() {
        assertEquals("1001", SignCode.of(new float[] {0.5f, -0.1f, 0f, 3f}));
    }

    @Test
    void bytesRoundTripExactlyInLittleEndianFloat32() {
        float[] v = {1.5f, -0.0f, Float.MIN_VALUE, -Float.MAX_VALUE, 0.1f};
        byte[] bytes = Float32Bytes.encode(v);
        assertEquals(20, bytes.length);
        assertEquals((byte) 0x3f, bytes[3]);
        assertEquals((byte) 0xc0, bytes[2]);
        assertArrayEquals(v, Float32Bytes.decode(bytes));
    }

    @Test
    void anEncodedVectorCarriesItsBytesNormCodeAndDimensions() {
        float[] v = {3f, -4f};
        EncodedVector encoded = EncodedVector.of(v);
        assertEquals(2, encoded.dims());
        assertEquals(5.0, encoded.norm(), 1e-12);
        assertEquals("10", encoded.code());
        assertArrayEquals(v, Float32Bytes.decode(encoded.bytes()));
    }
}
