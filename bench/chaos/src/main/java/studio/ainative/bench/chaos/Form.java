package studio.ainative.bench.chaos;

/**
 * How long each phase of a fault lasts. {@code long}: 30 s before, 30 s of fault (or the fault's own length:
 * Redis 20 s, the JWKS outage 60 s), 40 s after, recovery held 10 s; {@code short} (for {@code ./dev test}):
 * 10 / 10 / 15 s, held 3 s.
 */
record Form(String name, int beforeSeconds, int duringSeconds, int afterSeconds, int holdSeconds) {

    static Form of(String name) {
        return switch (name) {
            case "long" -> new Form("long", 30, 30, 40, 10);
            case "short" -> new Form("short", 10, 10, 15, 3);
            default -> throw new IllegalArgumentException("form must be long or short, not " + name);
        };
    }

    boolean isLong() {
        return name.equals("long");
    }
}
