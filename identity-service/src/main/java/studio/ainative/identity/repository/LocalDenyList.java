package studio.ainative.identity.repository;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import studio.ainative.identity.config.IdentityConfig;
import studio.ainative.identity.service.IntrospectionOutcome.Active;

/**
 * This replica's copy of recent revocations, fed by its own revocations and the pub/sub events of
 * the others. Redis holds the authoritative deny list; this copy keeps revoked tokens refused while
 * Redis is unreachable.
 */
@ApplicationScoped
public class LocalDenyList {

    private final Cache<String, Long> entries;

    public LocalDenyList(IdentityConfig config) {
        Duration keep = config.revocation().maxTokenLifetime();
        this.entries = Caffeine.newBuilder().maximumSize(1_000_000).expireAfterWrite(keep).build();
    }

    public void record(InvalidationEvent event) {
        switch (event.type()) {
            case InvalidationEvent.TOKEN -> entries.put("t:" + event.tokenId(), 0L);
            case InvalidationEvent.SESSION -> entries.put("s:" + event.projectId() + ":" + event.sessionId(), 0L);
            case InvalidationEvent.USER -> entries.asMap().merge("u:" + event.projectId() + ":" + event.userId(),
                    event.revokedBefore(), Math::max);
            default -> {
            }
        }
    }

    public boolean denies(Active principal) {
        if (entries.getIfPresent("t:" + principal.tokenId()) != null) {
            return true;
        }
        String project = principal.projectId().toString();
        if (principal.sessionId() != null && entries.getIfPresent("s:" + project + ":" + principal.sessionId()) != null) {
            return true;
        }
        Long before = entries.getIfPresent("u:" + project + ":" + principal.userId());
        return before != null && (principal.issuedAt() == null || principal.issuedAt() <= before);
    }
}
