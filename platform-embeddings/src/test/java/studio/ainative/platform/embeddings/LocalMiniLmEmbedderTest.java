package studio.ainative.platform.embeddings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LocalMiniLmEmbedderTest {

    private static LocalMiniLmEmbedder embedder;

    @BeforeAll
    static void load() {
        embedder = new LocalMiniLmEmbedder(2, 4);
    }

    @AfterAll
    static void close() {
        embedder.close();
    }

    private static List<float[]> embed(String... texts) {
        return embedder.embed(List.of(texts)).await().atMost(Duration.ofSeconds(60));
    }

    @Test
    void returnsOneUnitLengthVectorOf384DimensionsPerText() {
        List<float[]> vectors = embed("passwordless authentication with magic links", "the cat sat on the mat");
        assertEquals(2, vectors.size());
        for (float[] v : vectors) {
            assertEquals(384, v.length);
            assertEquals(1.0, Vectors.norm(v), 1e-4);
        }
        assertEquals(384, embedder.dimensions());
    }

    @Test
    void similarSentencesScoreHigherThanUnrelatedOnes() {
        List<float[]> v = embed(
                "How do I log in without a password?",
                "Passwordless sign-in with an emailed magic link",
                "The recipe needs two cups of flour and an egg");
        double related = Vectors.cosine(v.get(0), v.get(1));
        double unrelated = Vectors.cosine(v.get(0), v.get(2));
        assertTrue(related > unrelated + 0.2, "related " + related + " vs unrelated " + unrelated);
    }

    @Test
    void batchingKeepsOrderAndGivesTheSameVectorAsASingleCall() {
        // Ten texts with batch size 4: three model calls.
        String[] texts = new String[10];
        for (int i = 0; i < texts.length; i++) {
            texts[i] = "sentence number " + i + " about topic " + (i % 3);
        }
        List<float[]> batched = embed(texts);
        assertEquals(10, batched.size());
        for (int i : new int[] {0, 5, 9}) {
            assertArrayEquals(embed(texts[i]).get(0), batched.get(i), 1e-5f);
        }
        assertNotEquals(Vectors.cosine(batched.get(0), batched.get(1)), 1.0, 1e-6);
    }

    @Test
    void runsOffTheCallingThread() {
        Thread caller = Thread.currentThread();
        Thread[] ranOn = new Thread[1];
        embedder.embed(List.of("where does this run")).invoke(v -> ranOn[0] = Thread.currentThread())
                .await().atMost(Duration.ofSeconds(60));
        assertNotEquals(caller, ranOn[0]);
    }

    @Test
    void emptyInputGivesNoVectors() {
        assertEquals(0, embed().size());
    }
}
