package studio.ainative.platform.vectors;

import io.vertx.core.buffer.Buffer;
import studio.ainative.platform.embeddings.Vectors;

/**
 * A vector with what storing it takes: its float32 bytes, its norm (so scoring never recomputes it) and
 * its sign code. Bind {@link #buffer()} to a {@code bytea} column, {@link #norm()} to a {@code double
 * precision} one and {@link #code()} as {@code $n::text::varbit} to a {@code bit varying} one.
 */
public record EncodedVector(float[] vector, double norm, String code) {

    public static EncodedVector of(float[] vector) {
        return new EncodedVector(vector, Vectors.norm(vector), SignCode.of(vector));
    }

    public int dims() {
        return vector.length;
    }

    public byte[] bytes() {
        return Float32Bytes.encode(vector);
    }

    /** The bytes as the SQL client binds a {@code bytea} (the core Vert.x buffer, also from the Mutiny API). */
    public Buffer buffer() {
        return Buffer.buffer(bytes());
    }
}
