package studio.ainative.memory.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import studio.ainative.memory.Memory;

/** Memories through Panache; every call runs inside the caller's RLS transaction (the service opens it). */
@ApplicationScoped
public class MemoryRepository implements PanacheRepositoryBase<Memory, UUID> {

    /** The owner's memory of this entity with exactly this content, if any. */
    public Uni<Memory> findSame(UUID projectId, String ownerId, String entityName, String contentHash) {
        return find("projectId = ?1 and ownerId = ?2 and entityName = ?3 and contentHash = ?4",
                projectId, ownerId, entityName, contentHash).firstResult();
    }
}
