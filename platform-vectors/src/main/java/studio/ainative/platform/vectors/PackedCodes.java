package studio.ainative.platform.vectors;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The coarse pass over packed lists, in the service. A pack holds a list's entries back to back: their ids, each as a
 * two-byte big-endian length and that many bytes of UTF-8, and their sign codes, each the bytes of PostgreSQL's bit
 * string ({@link SignCode#bytes}). The nearest codes to the query's by Hamming distance are found with a counting pass
 * (distances are small integers), and only the ids of the entries kept are decoded, so ranking tens of thousands of
 * codes costs one read of them, one of their distances and a sort of the few kept.
 */
public final class PackedCodes {

    /** One packed list of {@code entries} entries: their ids and their codes, in the same order. */
    public record Pack(int entries, byte[] ids, byte[] codes) {
    }

    /** An id and its code's Hamming distance to the query's. */
    public record CodeDistance(String id, int distance) {
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private PackedCodes() {
    }

    /**
     * The {@code limit} distinct ids of {@code packs} nearest the query's code, nearest first (ties by id), merged with
     * {@code others} (codes ranked elsewhere; for an id in both, the distance in {@code others} counts: it is of the
     * newer code). A pack whose codes are not the query's length, or whose ids are not its entries, is refused.
     */
    public static List<CodeDistance> nearest(List<Pack> packs, byte[] query, int limit, List<CodeDistance> others) {
        int stride = query.length;
        int[] histogram = new int[stride * 8 + 1];
        List<short[]> distances = new ArrayList<>(packs.size());
        for (Pack pack : packs) {
            if (pack.codes.length != pack.entries * stride) {
                throw new IllegalArgumentException("a pack of " + pack.entries + " entries holds " + pack.codes.length
                        + " bytes of codes, not " + stride + " per entry");
            }
            short[] d = new short[pack.entries];
            for (int i = 0; i < d.length; i++) {
                d[i] = (short) distance(pack.codes, i * stride, query);
                histogram[d[i]]++;
            }
            distances.add(d);
        }
        // An id sits in at most two lists (its nearest and second nearest), so twice the limit in entries holds at least
        // the limit in distinct ids: keep every entry up to the distance where the count reaches it.
        int cut = 0;
        for (long seen = 0; cut < histogram.length; cut++) {
            seen += histogram[cut];
            if (seen >= 2L * limit) {
                break;
            }
        }
        Map<String, Integer> kept = new HashMap<>(4 * limit);
        for (int p = 0; p < packs.size(); p++) {
            short[] d = distances.get(p);
            int[] offsets = null;
            for (int i = 0; i < d.length; i++) {
                if (d[i] <= cut) {
                    if (offsets == null) {
                        offsets = offsets(packs.get(p));
                    }
                    kept.merge(id(packs.get(p).ids, offsets[i]), (int) d[i], Math::min);
                }
            }
        }
        for (CodeDistance other : others) {
            kept.put(other.id(), other.distance());
        }
        List<CodeDistance> out = new ArrayList<>(kept.size());
        kept.forEach((id, d) -> out.add(new CodeDistance(id, d)));
        out.sort(Comparator.comparingInt(CodeDistance::distance).thenComparing(CodeDistance::id));
        return out.size() > limit ? out.subList(0, limit) : out;
    }

    /** Every id of the pack, in its order. */
    public static List<String> ids(Pack pack) {
        List<String> out = new ArrayList<>(pack.entries);
        for (int offset : offsets(pack)) {
            out.add(id(pack.ids, offset));
        }
        return out;
    }

    /** Where each entry's id starts in the pack's ids; refuses ids that are not exactly its entries. */
    private static int[] offsets(Pack pack) {
        int[] offsets = new int[pack.entries];
        int at = 0;
        for (int i = 0; i < pack.entries; i++) {
            if (at + 2 > pack.ids.length) {
                throw new IllegalArgumentException("a pack's ids end before its " + pack.entries + " entries");
            }
            offsets[i] = at;
            at += 2 + (((pack.ids[at] & 0xff) << 8) | (pack.ids[at + 1] & 0xff));
        }
        if (at != pack.ids.length) {
            throw new IllegalArgumentException("a pack's ids do not end with its " + pack.entries + " entries");
        }
        return offsets;
    }

    private static String id(byte[] ids, int offset) {
        int length = ((ids[offset] & 0xff) << 8) | (ids[offset + 1] & 0xff);
        return new String(ids, offset + 2, length, StandardCharsets.UTF_8);
    }

    /** Hamming distance between the code at {@code offset} of {@code codes} and {@code query}. */
    static int distance(byte[] codes, int offset, byte[] query) {
        int d = 0;
        int i = 0;
        for (; i + 8 <= query.length; i += 8) {
            d += Long.bitCount((long) LONGS.get(codes, offset + i) ^ (long) LONGS.get(query, i));
        }
        for (; i < query.length; i++) {
            d += Integer.bitCount((codes[offset + i] ^ query[i]) & 0xff);
        }
        return d;
    }
}
