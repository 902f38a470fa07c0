package studio.ainative.devkit.stytch.repository;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import studio.ainative.devkit.stytch.MagicLink;

/**
 * Magic-link tokens. Used and expired links are kept, not deleted, so a replay is told
 * "already used or expired" (401) rather than "not found" (404), as Stytch does.
 */
@ApplicationScoped
public class MagicLinkStore {

    private final Map<String, MagicLink> linksByToken = new ConcurrentHashMap<>();

    public void save(MagicLink link) {
        linksByToken.put(link.token(), link);
    }

    public Optional<MagicLink> findByToken(String token) {
        return Optional.ofNullable(linksByToken.get(token));
    }

    /** Atomically spends an unused link; false if another request spent it first. */
    public boolean markUsed(MagicLink unused) {
        return !unused.used() && linksByToken.replace(unused.token(), unused, unused.asUsed());
    }

    public void deleteAllOf(String userId) {
        linksByToken.values().removeIf(link -> link.userId().equals(userId));
    }
}
