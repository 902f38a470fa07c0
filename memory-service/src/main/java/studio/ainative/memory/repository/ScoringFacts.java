package studio.ainative.memory.repository;

import io.quarkus.hibernate.reactive.panache.common.ProjectedFieldName;
import java.time.Instant;
import java.util.UUID;

/** What recall's score needs of a memory besides its similarity: a Panache projection, no entity loaded. */
public record ScoringFacts(@ProjectedFieldName("id") UUID id, @ProjectedFieldName("importance") double importance,
                           @ProjectedFieldName("lastAccessedAt") Instant lastAccessedAt) {
}
