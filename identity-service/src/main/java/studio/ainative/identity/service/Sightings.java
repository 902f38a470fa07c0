package studio.ainative.identity.service;

/**
 * Which tokens this replica has verified lately, as a fixed table of 64-bit fingerprints of their digests, one slot
 * each, a newer token taking the slot of an older one: no allocation per token, a fixed 512 KiB, under any flood of new
 * tokens. It only decides whether a principal is worth caching ({@link JwtIntrospection}), never whether a token is
 * valid, so either kind of mistake is harmless: a token whose slot was taken since (a false "first") is verified once
 * more before it is cached; two tokens sharing a fingerprint (one in 2^64) would have a principal seen once cached, as
 * every principal was before.
 *
 * <p>Slots are plain {@code long}s read and written without locks: with several event loops a race is one of the two
 * mistakes above.
 */
final class Sightings {

    /** 65,536 slots: at 13,000 new tokens a second a slot lasts five seconds on average, a client's next call usually sooner. */
    static final int SLOTS = 1 << 16;

    private final long[] fingerprints = new long[SLOTS];

    /**
     * True when {@code digest} (a SHA-256 digest in lowercase hex, as {@link Digests} writes it) was not seen here
     * since its slot was last taken; it is recorded either way.
     */
    boolean first(String digest) {
        long fingerprint = fingerprint(digest);
        int slot = (int) (fingerprint & (SLOTS - 1));
        if (fingerprints[slot] == fingerprint) {
            return false;
        }
        fingerprints[slot] = fingerprint;
        return true;
    }

    /** The digest's first 64 bits; never 0, the empty slot. */
    static long fingerprint(String digest) {
        long value = Long.parseUnsignedLong(digest, 0, 16, 16);
        return value == 0 ? 1 : value;
    }
}
