package studio.ainative.platform.vectors;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The coarse pass over packed lists, in the service: each pack holds a list's ids and their sign codes back to back
 * (the bytes of PostgreSQL's bit string, {@link SignCode#bytes}), and the nearest codes to the query's by Hamming
 * distance are found with a counting pass (distances are small integers), so ranking tens of thousands of codes
 * costs two reads of them and a sort of the few kept.
 */
public final class PackedCodes {

    /** One packed list: {@code ids[i]}'s code is {@code codes[i * stride .. (i + 1) * stride)}. */
    public record Pack(String[] ids, byte[] codes) {
    }

    /** An id and its code's Hamming distance to the query's. */
    public record CodeDistance(String id, int distance) {
    }

    private PackedCodes() {
    }

    /**
     * The {@code limit} distinct ids of {@code packs} nearest the query's code, nearest first (ties by id), merged with
     * {@code others} (codes ranked elsewhere; for an id in both, the distance in {@code others} counts: it is of the
     * newer code). Packs whose codes do not have the query's length are refused.
     */
    public static List<CodeDistance> nearest(List<Pack> packs, byte[] query, int limit, List<CodeDistance> others) {
        int stride = query.length;
        int[] histogram = new int[stride * 8 + 1];
        for (Pack pack : packs) {
            if (pack.codes.length != pack.ids.length * stride) {
                throw new IllegalArgumentException("a pack of " + pack.ids.length + " ids holds " + pack.codes.length
                        + " bytes of codes, not " + stride + " per id");
            }
            for (int i = 0; i < pack.ids.length; i++) {
                histogram[distance(pack.codes, i * stride, query)]++;
            }
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
        for (Pack pack : packs) {
            for (int i = 0; i < pack.ids.length; i++) {
                int d = distance(pack.codes, i * stride, query);
                if (d <= cut) {
                    kept.merge(pack.ids[i], d, Math::min);
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

    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.BIG_ENDIAN);
}
