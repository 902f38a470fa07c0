package studio.ainative.platform.vectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
 * Ranking packed codes in the service: the nearest distinct ids whatever their duplicates, and codes ranked elsewhere
 * merged in with theirs counting (that the bytes and distances are PostgreSQL's: CandidateSearchPostgresTest).
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

    @Test
    void keepsTheNearestDistinctIdsAsAFullSortWould() {
        Random random = new Random(9);
        int dims = 48;
        float[] query = random(random, dims);
        byte[] q = SignCode.bytes(query);
        Map<String, byte[]> codes = new HashMap<>();
        List<PackedCodes.Pack> packs = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        List<byte[]> packed = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            String id = "v" + i;
            codes.put(id, SignCode.bytes(random(random, dims)));
            // Each id in two lists, as a vector is in its nearest and second nearest.
            for (int copy = 0; copy < 2; copy++) {
                ids.add(id);
                packed.add(codes.get(id));
                if (ids.size() == 100) {
                    packs.add(pack(ids, packed));
                    ids = new ArrayList<>();
                    packed = new ArrayList<>();
                }
            }
        }
        List<PackedCodes.CodeDistance> expected = codes.entrySet().stream()
                .map(e -> new PackedCodes.CodeDistance(e.getKey(), PackedCodes.distance(e.getValue(), 0, q)))
                .sorted(Comparator.comparingInt(PackedCodes.CodeDistance::distance).thenComparing(PackedCodes.CodeDistance::id))
                .limit(400).toList();
        assertEquals(expected, PackedCodes.nearest(packs, q, 400, List.of()));
        assertEquals(codes.size(), PackedCodes.nearest(packs, q, 10_000, List.of()).size(), "fewer ids than the limit: all of them, once");
    }

    @Test
    void codesRankedElsewhereCountForTheirIds() {
        byte[] q = {(byte) 0b1111_0000};
        PackedCodes.Pack pack = pack(List.of("a", "b", "c"), List.of(new byte[] {(byte) 0b1111_0000}, new byte[] {(byte) 0b1110_0000},
                new byte[] {(byte) 0b0000_1111}));
        // "a" was rewritten since the packing: its newer code is farther; "d" is only in the tail.
        List<PackedCodes.CodeDistance> tail = List.of(new PackedCodes.CodeDistance("a", 5), new PackedCodes.CodeDistance("d", 0));
        assertEquals(List.of(new PackedCodes.CodeDistance("d", 0), new PackedCodes.CodeDistance("b", 1), new PackedCodes.CodeDistance("a", 5)),
                PackedCodes.nearest(List.of(pack), q, 3, tail));
    }

    @Test
    void refusesAPackWhoseCodesOrIdsAreNotItsEntries() {
        PackedCodes.Pack pack = pack(List.of("a", "b"), List.of(new byte[1], new byte[2]));
        assertThrows(IllegalArgumentException.class, () -> PackedCodes.nearest(List.of(pack), new byte[2], 10, List.of()));
        PackedCodes.Pack twoIds = pack(List.of("a", "b"), List.of(new byte[1], new byte[1]));
        for (PackedCodes.Pack bad : List.of(new PackedCodes.Pack(3, twoIds.ids(), new byte[3]), new PackedCodes.Pack(1, twoIds.ids(), new byte[1]),
                new PackedCodes.Pack(2, java.util.Arrays.copyOf(twoIds.ids(), 5), new byte[2]))) {
            assertThrows(IllegalArgumentException.class, () -> PackedCodes.nearest(List.of(bad), new byte[1], 10, List.of()));
        }
    }

    @Test
    void idsOfAnyLengthAndScriptComeBackWhole() {
        String long256 = "x".repeat(256);
        List<String> ids = List.of("é-ü", "日本語", long256, "");
        PackedCodes.Pack pack = pack(ids, List.of(new byte[1], new byte[1], new byte[1], new byte[1]));
        assertEquals(ids, PackedCodes.ids(pack));
        assertEquals(4, PackedCodes.nearest(List.of(pack), new byte[1], 10, List.of()).size());
    }
}
