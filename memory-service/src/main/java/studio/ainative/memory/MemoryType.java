package studio.ainative.memory;

import java.util.Arrays;
import java.util.Optional;

/** The kinds of memory a client may file a fact under. */
public enum MemoryType {
    WORKING("working"),
    EPISODIC("episodic"),
    SEMANTIC("semantic");

    public static final MemoryType DEFAULT = EPISODIC;

    private final String wire;

    MemoryType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<MemoryType> parse(String value) {
        return Arrays.stream(values()).filter(t -> t.wire.equals(value)).findFirst();
    }
}
