package studio.ainative.zerodb;

import java.util.Arrays;
import java.util.Optional;

/** What an end user may do in a project whose RLS is enabled. */
public enum RlsPolicy {

    /** Read and write only rows the user owns. */
    STRICT("strict"),

    /** Read every row of the project, write only rows the user owns. */
    OWNER_WRITE("owner_write");

    private final String value;

    RlsPolicy(String value) {
        this.value = value;
    }

    /** The API and database spelling. */
    public String value() {
        return value;
    }

    public static Optional<RlsPolicy> of(String value) {
        return Arrays.stream(values()).filter(p -> p.value.equals(value)).findFirst();
    }
}
