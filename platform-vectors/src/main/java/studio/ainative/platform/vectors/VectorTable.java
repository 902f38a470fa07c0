package studio.ainative.platform.vectors;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Where a service keeps its encoded vectors: the relation holding each vector's sign code ({@code codes},
 * scanned by the coarse pass, ideally narrow) and the one holding its float32 bytes and norm ({@code rows});
 * both may be the same table. {@code key} are the columns that join a code to its row (a primary key of
 * {@code rows}), {@code id} the column (of {@code rows}, read as text) that names a candidate.
 */
public record VectorTable(String codes, String rows, List<String> key, String id, String code, String embedding, String norm) {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    public VectorTable {
        key = List.copyOf(key);
        if (key.isEmpty()) {
            throw new IllegalArgumentException("a vector table needs the key that joins codes to rows");
        }
        for (String name : key) {
            identifier(name);
        }
        for (String name : List.of(codes, rows, id, code, embedding, norm)) {
            identifier(name);
        }
    }

    /** Names go into SQL text: plain lower-case identifiers only, never anything a client sent. */
    private static void identifier(String name) {
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain SQL identifier: " + name);
        }
    }
}
