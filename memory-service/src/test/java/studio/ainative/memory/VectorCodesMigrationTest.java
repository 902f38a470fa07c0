package studio.ainative.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import studio.ainative.platform.vectors.EncodedVector;

/**
 * V2's backfill of memories remembered before it: the norm and sign code it computes in SQL from the stored
 * float32 bytes are what platform-vectors' EncodedVector computes in Java. Runs the migration on a temporary
 * {@code memories} (it shadows the real table in this session) that is dropped with the rolled-back transaction.
 */
class VectorCodesMigrationTest {

    private static final String URL = "jdbc:postgresql://127.0.0.1:5432/memory_test";

    @Test
    void backfilledNormAndCodeAreWhatEncodedVectorComputes() throws Exception {
        Random random = new Random(12);
        float[][] vectors = new float[20][];
        for (int i = 0; i < vectors.length; i++) {
            vectors[i] = new float[384];
            for (int j = 0; j < vectors[i].length; j++) {
                vectors[i][j] = (float) random.nextGaussian() * (i + 1);
            }
        }
        // Zeros of both signs and subnormal components: not positive, positive, negative.
        vectors[0][0] = 0.0f;
        vectors[0][1] = -0.0f;
        vectors[0][2] = Float.MIN_VALUE;
        vectors[0][3] = -Float.MIN_VALUE;
        try (Connection connection = DriverManager.getConnection(URL, "postgres", "")) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TEMP TABLE memories (id uuid PRIMARY KEY, embedding bytea NOT NULL) ON COMMIT DROP");
            }
            UUID[] ids = new UUID[vectors.length];
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO pg_temp.memories VALUES (?, ?)")) {
                for (int i = 0; i < vectors.length; i++) {
                    ids[i] = UUID.randomUUID();
                    insert.setObject(1, ids[i]);
                    insert.setBytes(2, EncodedVector.of(vectors[i]).bytes());
                    insert.executeUpdate();
                }
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute(migration());
            }
            try (PreparedStatement read = connection.prepareStatement("SELECT norm, code::text FROM pg_temp.memories WHERE id = ?")) {
                for (int i = 0; i < vectors.length; i++) {
                    read.setObject(1, ids[i]);
                    try (ResultSet row = read.executeQuery()) {
                        row.next();
                        EncodedVector expected = EncodedVector.of(vectors[i]);
                        assertEquals(expected.norm(), row.getDouble(1), expected.norm() * 1e-12, "norm of vector " + i);
                        assertEquals(expected.code(), row.getString(2), "code of vector " + i);
                    }
                }
            } finally {
                connection.rollback();
            }
        }
    }

    private static String migration() throws IOException {
        try (InputStream in = VectorCodesMigrationTest.class.getResourceAsStream("/db/migration/V2__memory_vector_codes.sql")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
