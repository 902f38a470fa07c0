package studio.ainative.platform.vectors;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** How a vector is stored: its components as float32, little-endian, one after another ({@code bytea}). */
public final class Float32Bytes {

    private Float32Bytes() {
    }

    public static byte[] encode(float[] vector) {
        ByteBuffer buffer = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : vector) {
            buffer.putFloat(x);
        }
        return buffer.array();
    }

    public static float[] decode(byte[] bytes) {
        float[] vector = new float[bytes.length / Float.BYTES];
        // One bulk copy (a search decodes hundreds of candidates' vectors).
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
        return vector;
    }
}
