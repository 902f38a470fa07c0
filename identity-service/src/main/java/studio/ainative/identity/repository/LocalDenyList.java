package studio.ainative.identity.repository;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.UUID;
import org.jboss.logging.Logger;
import studio.ainative.identity.config.IdentityConfig;
import studio.ainative.identity.service.IntrospectionOutcome.Active;

/**
 * This replica's copy of recent revocations, fed by its own revocations and the pub/sub events of
 * the others. Redis holds the authoritative deny list; this copy keeps revoked tokens refused while
 * Redis is unreachable.
 */
@ApplicationScoped
public class LocalDenyList {

    private static final Logger LOG = Logger.getLogger(LocalDenyList.class);

    /** Keys as records, not strings: the check runs on every answer and builds no text. */
    private record Key(char kind, UUID projectId, String id) {
    }

    private final Cache<Key, Long> entries;

    public LocalDenyList(IdentityConfig config) {
        Duration keep = config.revocation().maxTokenLifetime();
        // Read on every introspection while it holds entries: upkeep on the caller, as PrincipalStore's cache.
        this.entries = Caffeine.newBuilder().maximumSize(1_000_000).expireAfterWrite(keep).executor(Runnable::run).build();
    }

    public void record(InvalidationEvent event) {
        try {
            switch (event.type()) {
                case InvalidationEvent.TOKEN -> entries.put(new Key('t', null, event.tokenId()), 0L);
                case InvalidationEvent.SESSION -> entries.put(new Key('s', UUID.fromString(event.projectId()), event.sessionId()), 0L);
                case InvalidationEvent.USER -> entries.asMap().merge(new Key('u', UUID.fromString(event.projectId()), event.userId()),
                        event.revokedBefore(), Math::max);
                default -> {
                }
            }
        } catch (IllegalArgumentException | NullPointerException e) {
            // Project ids are UUIDs; an event without one could not match any principal anyway.
            LOG.warnf("ignoring an invalidation event of type %s without a valid project id", event.type());
        }
    }

    public boolean denies(Active principal) {
        if (entries.estimatedSize() == 0) {
            return false; // the usual case: nothing revoked within the window, no keys to build
        }
        if (entries.getIfPresent(new Key('t', null, principal.tokenId())) != null) {
            return true;
        }
        if (principal.sessionId() != null && entries.getIfPresent(new Key('s', principal.projectId(), principal.sessionId())) != null) {
            return true;
        }
        Long before = entries.getIfPresent(new Key('u', principal.projectId(), principal.ownerId()));
        return before != null && (principal.issuedAt() == null || principal.issuedAt() <= before);
    }
}
