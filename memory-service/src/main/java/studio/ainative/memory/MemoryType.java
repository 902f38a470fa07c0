package studio.ainative.memory;

import java.util.Locale;
import java.util.Optional;

/** The kinds of memory a client may file a fact under; on the wire and in the table in lower case. */
public enum MemoryType {
    WORKING, EPISODIC, SEMANTIC;

    public static final MemoryType DEFAULT = EPISODIC;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<MemoryType> parse(String value) {
        for (MemoryType type : values()) {
            if (type.wire().equals(value)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
