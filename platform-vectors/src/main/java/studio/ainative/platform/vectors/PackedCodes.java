package studio.ainative.platform.vectors;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The coarse pass over packed lists, in the service. A pack holds a list's entries back to back: their ids, each as a
 * two-byte big-endian length and that many bytes of UTF-8, and their sign codes, each the bytes of PostgreSQL's bit
 * string ({@link SignCode#bytes}).
 *
 * <p>Two stages. A counting pass over every entry's Hamming distance to the query's code (small integers) shortlists
 * the nearest; only their ids are decoded. The shortlist is then ranked by the query's own components against each
 * code's signs (the sum of the query's components where the code has a 1: the dot product of the query with the code's
 * ±1 vector, up to a constant), a finer estimate of the angle than the Hamming distance between two codes, read from a
 * table of 256 partial sums per code byte. So ranking tens of thousands of codes costs one read of them and a few
 * thousand table lookups.
 */
public final class PackedCodes {

    /** One packed list of {@code entries} entries: their ids and their codes, in the same order. */
    public record Pack(int entries, byte[] ids, byte[] codes) {
    }

    /** An id and its code (ranked beside the packs: rows the packs do not hold). */
    public record Coded(String id, byte[] code) {
    }

    /** Entries shortlisted by Hamming distance for the finer ranking, per candidate asked for. */
    static final int SHORTLIST = 3;

    /** How many codes ranked elsewhere by Hamming distance ({@code others}) to pass for {@code limit} candidates. */
    public static int shortlist(int limit) {
        return SHORTLIST * limit;
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private PackedCodes() {
    }

    /**
     * The ids of the {@code limit} distinct entries of {@code packs} and {@code others} nearest {@code query}, nearest
     * first (ties by id). For an id in both, the code in {@code others} counts (it is the newer). A pack whose codes are
     * not the query's length, or whose ids are not its entries, is refused.
     */
    public static List<String> nearest(List<Pack> packs, float[] query, int limit, List<Coded> others) {
        byte[] q = SignCode.bytes(query);
        int stride = q.length;
        int[] histogram = new int[stride * 8 + 1];
        List<short[]> distances = new ArrayList<>(packs.size());
        for (Pack pack : packs) {
            if (pack.codes.length != pack.entries * stride) {
                throw new IllegalArgumentException("a pack of " + pack.entries + " entries holds " + pack.codes.length
                        + " bytes of codes, not " + stride + " per entry");
            }
            short[] d = new short[pack.entries];
            for (int i = 0; i < d.length; i++) {
                d[i] = (short) distance(pack.codes, i * stride, q);
                histogram[d[i]]++;
            }
            distances.add(d);
        }
        // Every entry up to the distance where the count reaches the shortlist (ties there included). An id sits in at
        // most two lists, so the shortlist holds at least half as many distinct ids.
        int cut = 0;
        for (long seen = 0; cut < histogram.length; cut++) {
            seen += histogram[cut];
            if (seen >= shortlist(limit)) {
                break;
            }
        }
        Map<String, byte[]> shortlist = new HashMap<>(4 * shortlist(limit));
        for (int p = 0; p < packs.size(); p++) {
            Pack pack = packs.get(p);
            short[] d = distances.get(p);
            int[] offsets = null;
            for (int i = 0; i < d.length; i++) {
                if (d[i] <= cut) {
                    if (offsets == null) {
                        offsets = offsets(pack);
                    }
                    shortlist.putIfAbsent(id(pack.ids, offsets[i]), Arrays.copyOfRange(pack.codes, i * stride, (i + 1) * stride));
                }
            }
        }
        for (Coded other : others) {
            if (other.code().length != stride) {
                throw new IllegalArgumentException("a code of " + other.code().length + " bytes, not " + stride);
            }
            shortlist.put(other.id(), other.code());
        }
        float[] table = partialSums(query, stride);
        List<Scored> scored = new ArrayList<>(shortlist.size());
        shortlist.forEach((id, code) -> scored.add(new Scored(id, score(table, code))));
        scored.sort((a, b) -> {
            int byScore = Float.compare(b.score, a.score);
            return byScore != 0 ? byScore : a.id.compareTo(b.id);
        });
        return scored.stream().limit(limit).map(Scored::id).toList();
    }

    private record Scored(String id, float score) {
    }

    /**
     * For each code byte {@code j} and value {@code v}, the sum of the query's components whose bit {@code v} sets (the
     * first component of the byte in its high bit): {@code table[j * 256 + v]}.
     */
    static float[] partialSums(float[] query, int stride) {
        float[] table = new float[stride * 256];
        for (int j = 0; j < stride; j++) {
            for (int v = 1; v < 256; v++) {
                int low = Integer.numberOfTrailingZeros(v);
                int component = 8 * j + 7 - low;
                table[j * 256 + v] = table[j * 256 + (v & (v - 1))] + (component < query.length ? query[component] : 0);
            }
        }
        return table;
    }

    /** The sum of the query's components where {@code code} has a 1. */
    static float score(float[] table, byte[] code) {
        float s = 0;
        for (int j = 0; j < code.length; j++) {
            s += table[j * 256 + (code[j] & 0xff)];
        }
        return s;
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
