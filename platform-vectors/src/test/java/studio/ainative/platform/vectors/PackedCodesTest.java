package studio.ainative.platform.vectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Ranking packed codes in the service: distinct ids whatever their duplicates, ranked by the query's components
 * against their codes' signs, which finds more of the true neighbours than the Hamming distance does; codes ranked
 * elsewhere merged in with theirs counting (that the bytes and distances are PostgreSQL's: CandidateSearchPostgresTest).
 */
class PackedCodesTest {

    static float[] random(Random random, int dims) {
        float[] v = new float[dims];
        for (int i = 0; i < dims; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }

    /** A pack as PostgreSQL's packing writes it: each id as a two-byte length and UTF-8, the codes back to back. */
    static PackedCodes.Pack pack(List<String> ids, List<byte[]> codes) {
        ByteArrayOutputStream idBytes = new ByteArrayOutputStream();
        for (String id : ids) {
            byte[] utf8 = id.getBytes(StandardCharsets.UTF_8);
            idBytes.write(utf8.length >>> 8);
            idBytes.write(utf8.length & 0xff);
            idBytes.writeBytes(utf8);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        codes.forEach(out::writeBytes);
        return new PackedCodes.Pack(ids.size(), idBytes.toByteArray(), out.toByteArray());
    }

    /** The sum of the query's components where the code has a 1, bit by bit (what the table lookups compute). */
    private static double signScore(float[] query, byte[] code) {
        double s = 0;
        for (int i = 0; i < query.length; i++) {
            if ((code[i >>> 3] & (0x80 >>> (i & 7))) != 0) {
                s += query[i];
            }
        }
        return s;
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    @Test
    void ranksDistinctIdsByTheQuerysComponentsAndFindsMoreTrueNeighboursThanHamming() {
        Random random = new Random(9);
        int dims = 64;
        Map<String, float[]> vectors = new HashMap<>();
        List<PackedCodes.Pack> packs = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        List<byte[]> packed = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            String id = "v" + i;
            vectors.put(id, random(random, dims));
            // Each id in two lists, as a vector is in its nearest and second nearest.
            for (int copy = 0; copy < 2; copy++) {
                ids.add(id);
                packed.add(SignCode.bytes(vectors.get(id)));
                if (ids.size() == 100) {
                    packs.add(pack(ids, packed));
                    ids = new ArrayList<>();
                    packed = new ArrayList<>();
                }
            }
        }
        int byPacks = 0;
        int byHamming = 0;
        for (int n = 0; n < 30; n++) {
            float[] query = random(random, dims);
            List<String> found = PackedCodes.nearest(packs, query, 100, List.of());
            assertEquals(100, found.size());
            assertEquals(100, new java.util.HashSet<>(found).size(), "distinct ids");
            for (int i = 1; i < found.size(); i++) {
                assertTrue(signScore(query, SignCode.bytes(vectors.get(found.get(i - 1))))
                        >= signScore(query, SignCode.bytes(vectors.get(found.get(i)))) - 1e-4, "ranked by the query's components");
            }
            byte[] q = SignCode.bytes(query);
            List<String> hamming = vectors.keySet().stream().sorted(Comparator.comparingInt((String id) ->
                    PackedCodes.distance(SignCode.bytes(vectors.get(id)), 0, q)).thenComparing(id -> id)).limit(100).toList();
            List<String> exact = vectors.keySet().stream().sorted(Comparator.comparingDouble((String id) -> -cosine(query, vectors.get(id))))
                    .limit(10).toList();
            byPacks += (int) exact.stream().filter(found::contains).count();
            byHamming += (int) exact.stream().filter(hamming::contains).count();
        }
        assertTrue(byPacks > byHamming, "true top-10 neighbours among 100 candidates: " + byPacks + " ranked here, " + byHamming + " by Hamming");
        assertEquals(3000, PackedCodes.nearest(packs, random(random, dims), 10_000, List.of()).size(), "fewer ids than the limit: all, once");
    }

    @Test
    void codesRankedElsewhereCountForTheirIds() {
        float[] query = {1, 1, 1, 1, -1, -1, -1, -1};
        PackedCodes.Pack pack = pack(List.of("a", "b", "c"), List.of(new byte[] {(byte) 0b1111_0000}, new byte[] {(byte) 0b1110_0000},
                new byte[] {(byte) 0b0000_1111}));
        // "a" was rewritten since the packing: its newer code is farther; "d" is only beside the packs.
        List<PackedCodes.Coded> others = List.of(new PackedCodes.Coded("a", new byte[] {(byte) 0b0011_1000}),
                new PackedCodes.Coded("d", new byte[] {(byte) 0b1111_0000}));
        assertEquals(List.of("d", "b", "a"), PackedCodes.nearest(List.of(pack), query, 3, others));
    }

    @Test
    void refusesAPackWhoseCodesOrIdsAreNotItsEntries() {
        PackedCodes.Pack pack = pack(List.of("a", "b"), List.of(new byte[1], new byte[2]));
        assertThrows(IllegalArgumentException.class, () -> PackedCodes.nearest(List.of(pack), new float[16], 10, List.of()));
        PackedCodes.Pack twoIds = pack(List.of("a", "b"), List.of(new byte[1], new byte[1]));
        for (PackedCodes.Pack bad : List.of(new PackedCodes.Pack(3, twoIds.ids(), new byte[3]), new PackedCodes.Pack(1, twoIds.ids(), new byte[1]),
                new PackedCodes.Pack(2, java.util.Arrays.copyOf(twoIds.ids(), 5), new byte[2]))) {
            assertThrows(IllegalArgumentException.class, () -> PackedCodes.nearest(List.of(bad), new float[8], 10, List.of()));
        }
        assertThrows(IllegalArgumentException.class, () -> PackedCodes.nearest(List.of(), new float[8], 10,
                List.of(new PackedCodes.Coded("x", new byte[2]))));
    }

    @Test
    void idsOfAnyLengthAndScriptComeBackWhole() {
        String long256 = "x".repeat(256);
        List<String> ids = List.of("é-ü", "日本語", long256, "");
        PackedCodes.Pack pack = pack(ids, List.of(new byte[1], new byte[1], new byte[1], new byte[1]));
        assertEquals(ids, PackedCodes.ids(pack));
        assertEquals(4, PackedCodes.nearest(List.of(pack), new float[8], 10, List.of()).size());
    }
}
