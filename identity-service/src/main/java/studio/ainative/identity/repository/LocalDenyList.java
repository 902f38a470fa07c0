package studio.ainative.identity.repository;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;
import studio.ainative.identity.config.IdentityConfig;
import studio.ainative.identity.service.IntrospectionOutcome.Active;

/**
 * This replica's copy of recent revocations, fed by its own revocations and the pub/sub events of
 * the others. Redis holds the authoritative deny list; this copy keeps revoked tokens refused while
 * Redis is unreachable.
 *
 * <p>Partitioned by project, each partition holding at most {@code identity.revocation.local-max-per-project}
 * entries for {@code identity.revocation.max-token-lifetime}: a flood of one project's revocations evicts
 * only that project's oldest entries, never another project's. Memory: about 250 bytes per entry, so
 * at most that times the bound per project that revoked anything within the lifetime.
 */
@ApplicationScoped
public class LocalDenyList {

    private static final Logger LOG = Logger.getLogger(LocalDenyList.class);

    /** Token revocations from replicas that did not name the token's project yet (rolling upgrade). */
    private static final UUID NO_PROJECT = new UUID(0, 0);

    /** Keys as records, not strings: the check runs on every answer and builds no text. */
    private record Key(char kind, String id) {
    }

    /** {@code revokedBefore}: user revocations refuse tokens issued up to it (epoch seconds). */
    private record Denial(long revokedBefore, long expiresAtMillis) {
    }

    private final Clock clock;
    private final long keepMillis;
    private final int maxPerProject;
    private final ConcurrentHashMap<UUID, ProjectDenials> projects = new ConcurrentHashMap<>();

    public LocalDenyList(IdentityConfig config, Clock clock) {
        this.clock = clock;
        this.keepMillis = config.revocation().maxTokenLifetime().toMillis();
        this.maxPerProject = config.revocation().localMaxPerProject();
        if (maxPerProject < 1) {
            throw new IllegalArgumentException("identity.revocation.local-max-per-project must be at least 1");
        }
    }

    public void record(InvalidationEvent event) {
        try {
            switch (event.type()) {
                case InvalidationEvent.TOKEN -> partition(event.projectId() == null ? NO_PROJECT : UUID.fromString(event.projectId()))
                        .record(new Key('t', event.tokenId()), 0L);
                case InvalidationEvent.SESSION -> partition(UUID.fromString(event.projectId())).record(new Key('s', event.sessionId()), 0L);
                case InvalidationEvent.USER -> partition(UUID.fromString(event.projectId()))
                        .record(new Key('u', event.userId()), event.revokedBefore());
                default -> {
                }
            }
        } catch (IllegalArgumentException | NullPointerException e) {
            // Project ids are UUIDs; an event without one could not match any principal anyway.
            LOG.warnf("ignoring an invalidation event of type %s without a valid project id", event.type());
        }
    }

    public boolean denies(Active principal) {
        if (projects.isEmpty()) {
            return false; // nothing revoked since start-up: no keys to build (nor for a project whose entries all expired)
        }
        ProjectDenials own = projects.get(principal.projectId());
        if (own != null && own.denies(principal)) {
            return true;
        }
        ProjectDenials unnamed = projects.get(NO_PROJECT);
        return unnamed != null && unnamed.deniesToken(principal.tokenId());
    }

    private ProjectDenials partition(UUID projectId) {
        return projects.computeIfAbsent(projectId, id -> new ProjectDenials());
    }

    /**
     * One project's entries: read without locking, written (rarely: revocations are rate-limited) under
     * the partition's lock, oldest first so the bound and the lifetime both drop from the head.
     */
    private final class ProjectDenials {

        private final ConcurrentHashMap<Key, Denial> entries = new ConcurrentHashMap<>();
        private final LinkedHashMap<Key, Denial> oldestFirst = new LinkedHashMap<>();
        /** When the newest entry expires: a project that revoked nothing within the lifetime builds no keys. */
        private volatile long liveUntilMillis;

        boolean denies(Active principal) {
            if (liveUntilMillis <= clock.millis()) {
                return false;
            }
            if (live(new Key('t', principal.tokenId())) != null) {
                return true;
            }
            if (principal.sessionId() != null && live(new Key('s', principal.sessionId())) != null) {
                return true;
            }
            Denial user = live(new Key('u', principal.ownerId()));
            return user != null && (principal.issuedAt() == null || principal.issuedAt() <= user.revokedBefore());
        }

        boolean deniesToken(String tokenId) {
            return liveUntilMillis > clock.millis() && live(new Key('t', tokenId)) != null;
        }

        private Denial live(Key key) {
            Denial denial = entries.get(key);
            return denial == null || denial.expiresAtMillis() <= clock.millis() ? null : denial;
        }

        synchronized void record(Key key, long revokedBefore) {
            long now = clock.millis();
            Denial previous = oldestFirst.remove(key);
            long before = previous != null && previous.expiresAtMillis() > now ? Math.max(previous.revokedBefore(), revokedBefore)
                    : revokedBefore;
            Denial denial = new Denial(before, now + keepMillis);
            oldestFirst.put(key, denial); // a renewed entry moves to the end
            entries.put(key, denial);
            liveUntilMillis = denial.expiresAtMillis();
            Iterator<Map.Entry<Key, Denial>> oldest = oldestFirst.entrySet().iterator();
            while (oldest.hasNext()) {
                Map.Entry<Key, Denial> head = oldest.next();
                if (oldestFirst.size() <= maxPerProject && head.getValue().expiresAtMillis() > now) {
                    break;
                }
                oldest.remove();
                entries.remove(head.getKey(), head.getValue());
            }
        }
    }
}
