package studio.ainative.bench.common;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import studio.ainative.platform.embeddings.LocalMiniLmEmbedder;

/**
 * The corpus embedded once with the in-process all-MiniLM-L6-v2 and kept under target/, keyed by the
 * sentences themselves, so reruns skip the ~7 minutes of embedding.
 */
public final class EmbeddingCache {

    private EmbeddingCache() {
    }

    /** The sentences' embeddings, cached in {@code benchDir}/target/corpus-&lt;n&gt;.bin, embedded on every core. */
    public static List<float[]> embed(List<String> sentences, Path benchDir) throws IOException {
        return embed(sentences, benchDir.resolve("target/corpus-" + sentences.size() + ".bin"), Runtime.getRuntime().availableProcessors());
    }

    public static List<float[]> embed(List<String> sentences, Path cache, int threads) throws IOException {
        int key = sentences.hashCode();
        if (Files.isRegularFile(cache)) {
            try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(cache)))) {
                if (in.readInt() == key && in.readInt() == sentences.size()) {
                    int dims = in.readInt();
                    List<float[]> out = new ArrayList<>(sentences.size());
                    for (int i = 0; i < sentences.size(); i++) {
                        float[] v = new float[dims];
                        for (int d = 0; d < dims; d++) {
                            v[d] = in.readFloat();
                        }
                        out.add(v);
                    }
                    System.out.printf("embeddings: %d read from %s%n", out.size(), cache);
                    return out;
                }
            }
        }
        List<float[]> out = new ArrayList<>(sentences.size());
        long started = System.nanoTime();
        try (LocalMiniLmEmbedder embedder = new LocalMiniLmEmbedder(threads, 64)) {
            for (int from = 0; from < sentences.size(); from += 1024) {
                out.addAll(embedder.embedBlocking(sentences.subList(from, Math.min(sentences.size(), from + 1024))));
                if (from % 10240 == 0) {
                    System.out.printf("embeddings: %d/%d (%.0f/s)%n", out.size(), sentences.size(),
                            out.size() / ((System.nanoTime() - started) / 1e9));
                }
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("embeddings: %d in %.0f s, %.0f/s in-process%n", out.size(), seconds, out.size() / seconds);
        Files.createDirectories(cache.getParent());
        try (DataOutputStream data = new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(cache)))) {
            data.writeInt(key);
            data.writeInt(out.size());
            data.writeInt(out.get(0).length);
            for (float[] v : out) {
                for (float x : v) {
                    data.writeFloat(x);
                }
            }
        }
        return out;
    }
}
