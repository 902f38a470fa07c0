package studio.ainative.identity.repository;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import studio.ainative.identity.service.IntrospectionOutcome.Active;

/**
 * Which in-process cache keys hold a principal of a given token, session, user or provider, so an
 * invalidation removes exactly its own entries instead of scanning the whole cache on the event loop
 * of every replica.
 *
 * <p>Kept in step with the cache: {@link #add} before an entry is put, {@link #remove} from the
 * cache's removal listener (every cause: expiry, eviction, explicit removal, replacement). Entries are
 * matched by identity, so the removal of a replaced entry leaves its replacement indexed. Every change
 * runs inside {@link ConcurrentHashMap#compute} of its index key, so {@link #take} detaches a complete
 * holder. Nothing here is read on the cache's hit path.
 *
 * <p>Memory: up to four index keys per cached principal, about 90 bytes each (key, holder, map node).
 */
final class PrincipalIndex {

    private record Key(char kind, UUID scope, String id) {
    }

    /** The usual holder: one cache key (a token, session or user rarely has more than one entry). */
    private record Slot(String cacheKey, Object entry) {
    }

    /** Each value is a {@link Slot} or, for several cache keys, a {@code HashMap<String, Object>} only touched under compute. */
    private final ConcurrentHashMap<Key, Object> holders = new ConcurrentHashMap<>();
    private final LongAdder visited = new LongAdder();

    void add(String cacheKey, Active principal, Object entry) {
        for (Key key : keys(principal)) {
            holders.compute(key, (k, held) -> with(held, cacheKey, entry));
        }
    }

    void remove(String cacheKey, Active principal, Object entry) {
        for (Key key : keys(principal)) {
            holders.computeIfPresent(key, (k, held) -> without(held, cacheKey, entry));
        }
    }

    /**
     * Detaches and returns the cache keys of the principals an invalidation covers: a token, a
     * session, every token of a user (its owner id; Redis drops the user's whole index too) or of a provider.
     */
    List<String> take(InvalidationEvent event) {
        Key key;
        try {
            key = switch (event.type()) {
                case InvalidationEvent.TOKEN -> new Key('t', null, event.tokenId());
                case InvalidationEvent.SESSION -> new Key('s', UUID.fromString(event.projectId()), event.sessionId());
                case InvalidationEvent.USER -> new Key('u', UUID.fromString(event.projectId()), event.userId());
                case InvalidationEvent.PROVIDER -> new Key('p', UUID.fromString(event.providerId()), null);
                default -> null;
            };
        } catch (IllegalArgumentException | NullPointerException e) {
            return List.of(); // ids are UUIDs: an event without a valid one names no cached principal
        }
        Object held = key == null ? null : holders.remove(key);
        if (held == null) {
            return List.of();
        }
        List<String> cacheKeys;
        if (held instanceof Slot slot) {
            cacheKeys = List.of(slot.cacheKey());
        } else {
            cacheKeys = new ArrayList<>(((Map<?, ?>) held).size());
            for (Object k : ((Map<?, ?>) held).keySet()) {
                cacheKeys.add((String) k);
            }
        }
        visited.add(cacheKeys.size());
        return cacheKeys;
    }

    /** Cache keys handed out by {@link #take} so far: the work invalidations did, never a scan. */
    long visited() {
        return visited.sum();
    }

    /** Index keys currently held (for tests: the index shrinks with the cache). */
    int size() {
        return holders.size();
    }

    private static Object with(Object held, String cacheKey, Object entry) {
        if (held == null) {
            return new Slot(cacheKey, entry);
        }
        if (held instanceof Slot slot) {
            if (slot.cacheKey().equals(cacheKey)) {
                return new Slot(cacheKey, entry);
            }
            Map<String, Object> several = new HashMap<>(4);
            several.put(slot.cacheKey(), slot.entry());
            several.put(cacheKey, entry);
            return several;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> several = (Map<String, Object>) held;
        several.put(cacheKey, entry);
        return several;
    }

    private static Object without(Object held, String cacheKey, Object entry) {
        if (held instanceof Slot slot) {
            return slot.cacheKey().equals(cacheKey) && slot.entry() == entry ? null : slot;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> several = (Map<String, Object>) held;
        if (several.get(cacheKey) == entry) {
            several.remove(cacheKey);
        }
        return several.isEmpty() ? null : several;
    }

    private static Key[] keys(Active principal) {
        Key token = new Key('t', null, principal.tokenId());
        Key user = new Key('u', principal.projectId(), principal.ownerId());
        Key provider = new Key('p', principal.providerId(), null);
        return principal.sessionId() == null ? new Key[] {token, user, provider}
                : new Key[] {token, new Key('s', principal.projectId(), principal.sessionId()), user, provider};
    }
}
