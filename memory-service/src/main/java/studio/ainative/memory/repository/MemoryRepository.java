package studio.ainative.memory.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import studio.ainative.memory.Memory;
import studio.ainative.memory.MemoryType;
import studio.ainative.memory.security.MemoryAccess;
import studio.ainative.memory.service.PageCursors.Position;

/**
 * Memories through Panache; every call runs inside the caller's RLS transaction (the services open it) and
 * names the owner as well, so queries use the (project, owner) index whatever the policy already filters.
 */
@ApplicationScoped
public class MemoryRepository implements PanacheRepositoryBase<Memory, UUID> {

    private static final String OWN = "projectId = :project and ownerId = :owner";

    /** The owner's memory of this entity with exactly this content, if any. */
    public Uni<Memory> findSame(MemoryAccess access, String entityName, String contentHash) {
        return find(OWN + " and entityName = :entity and contentHash = :hash",
                own(access).and("entity", entityName).and("hash", contentHash)).firstResult();
    }

    public Uni<Memory> findOwn(MemoryAccess access, UUID id) {
        return find(OWN + " and id = :id", own(access).and("id", id)).firstResult();
    }

    /**
     * The owner's memories among {@code ids} (those recall keeps), in no particular order, read-only: changes
     * to them are never flushed (recall records the access with one bulk update, not by rewriting each row).
     */
    public Uni<List<Memory>> findOwnReadOnly(MemoryAccess access, List<UUID> ids) {
        // Hibernate Reactive takes no query hints: the session (this recall's transaction) loads read-only instead.
        return getSession().invoke(session -> session.setDefaultReadOnly(true))
                .chain(() -> find(OWN + " and id in :ids", own(access).and("ids", ids)).list());
    }

    /** The scoring facts of the owner's memories among {@code ids}, in no particular order. */
    public Uni<List<ScoringFacts>> scoringFacts(MemoryAccess access, List<UUID> ids) {
        return find(OWN + " and id in :ids", own(access).and("ids", ids)).project(ScoringFacts.class).list();
    }

    public Uni<Long> deleteOwn(MemoryAccess access, UUID id) {
        return delete(OWN + " and id = :id", own(access).and("id", id));
    }

    /** Newest first, after {@code after} when given; {@code limit} rows at most. */
    public Uni<List<Memory>> newest(MemoryAccess access, String entityName, MemoryType type, Position after, int limit) {
        OwnQuery query = OwnQuery.of(access, entityName, type);
        if (after != null) {
            query.and("(createdAt < :afterTime or (createdAt = :afterTime and id < :afterId))", "afterTime", after.createdAt());
            query.parameters.and("afterId", after.id());
        }
        return find(query.text + " order by createdAt desc, id desc", query.parameters).range(0, limit - 1).list();
    }

    /** Deletes the owner's memories matching every filter given; the count deleted. */
    public Uni<Long> forget(MemoryAccess access, String entityName, MemoryType type, Instant before) {
        OwnQuery query = OwnQuery.of(access, entityName, type);
        if (before != null) {
            query.and("createdAt < :before", "before", before);
        }
        return delete(query.text.toString(), query.parameters);
    }

    /** The owner's memories, narrowed by the optional entity and type filters and any further conditions. */
    private static final class OwnQuery {
        final StringBuilder text = new StringBuilder(OWN);
        final Parameters parameters;

        private OwnQuery(MemoryAccess access) {
            parameters = own(access);
        }

        static OwnQuery of(MemoryAccess access, String entityName, MemoryType type) {
            OwnQuery query = new OwnQuery(access);
            if (entityName != null) {
                query.and("entityName = :entity", "entity", entityName);
            }
            if (type != null) {
                query.and("memoryType = :type", "type", type.wire());
            }
            return query;
        }

        OwnQuery and(String condition, String name, Object value) {
            text.append(" and ").append(condition);
            parameters.and(name, value);
            return this;
        }
    }

    /** Rows of (entity name, memory type, count) for the owner. */
    public Uni<List<Object[]>> countsByEntityAndType(MemoryAccess access) {
        return getSession().chain(session -> session.createSelectionQuery(
                        "select entityName, memoryType, count(*) from Memory where " + OWN + " group by entityName, memoryType "
                                + "order by entityName, memoryType", Object[].class)
                .setParameter("project", access.projectId()).setParameter("owner", access.ownerId())
                .getResultList());
    }

    /** The owner's oldest ({@code newest} false) or newest memory, null when there is none. */
    public Uni<Memory> edge(MemoryAccess access, boolean newest) {
        return find(OWN + (newest ? " order by createdAt desc, id desc" : " order by createdAt, id"), own(access)).firstResult();
    }

    private static Parameters own(MemoryAccess access) {
        return Parameters.with("project", access.projectId()).and("owner", access.ownerId());
    }
}
