package studio.ainative.memory.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import studio.ainative.memory.Memory;
import studio.ainative.memory.config.MemoryConfig;
import studio.ainative.memory.security.MemoryAccess;
import studio.ainative.memory.service.RecallQuery;

/**
 * The candidate search of recall, the one place that knows how embeddings are stored and scanned: an exact
 * scan of the caller's memories matching the filters (the most recently accessed {@code max-candidates} of
 * them), read-only, for the service to score. Native SQL only for the jsonb tag containment; RLS applies to
 * it like to any read. Kept behind this class so a shared vector index can replace it.
 */
@ApplicationScoped
public class MemorySearch {

    private static final String COLUMNS = "id, project_id, owner_id, entity_name, memory_type, content, content_hash, importance, "
            + "tags::text AS tags, metadata::text AS metadata, embedding, access_count, created_at, updated_at, last_accessed_at";

    private final int maxCandidates;

    public MemorySearch(MemoryConfig config) {
        this.maxCandidates = config.recall().maxCandidates();
    }

    public Uni<List<Memory>> candidates(MemoryAccess access, RecallQuery query) {
        // The policy enforces the owner regardless; naming it lets the scan read only their slice of the index.
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM memories WHERE project_id = ?1 AND owner_id = ?2");
        List<Object> parameters = new ArrayList<>(List.of(access.projectId(), access.ownerId()));
        if (query.entityName() != null) {
            parameters.add(query.entityName());
            sql.append(" AND entity_name = ?").append(parameters.size());
        }
        if (query.type() != null) {
            parameters.add(query.type().wire());
            sql.append(" AND memory_type = ?").append(parameters.size());
        }
        if (query.tagsJson() != null) {
            parameters.add(query.tagsJson());
            sql.append(" AND tags @> CAST(CAST(?").append(parameters.size()).append(" AS text) AS jsonb)");
        }
        parameters.add(maxCandidates);
        sql.append(" ORDER BY last_accessed_at DESC, id LIMIT ?").append(parameters.size());
        return Panache.getSession().chain(session -> {
            var native_ = session.createNativeQuery(sql.toString(), Memory.class);
            for (int i = 0; i < parameters.size(); i++) {
                native_.setParameter(i + 1, parameters.get(i));
            }
            return native_.setReadOnly(true).getResultList();
        });
    }
}
