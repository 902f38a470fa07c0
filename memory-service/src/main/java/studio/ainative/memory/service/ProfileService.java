package studio.ainative.memory.service;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import studio.ainative.memory.Memory;
import studio.ainative.memory.repository.MemoryRepository;
import studio.ainative.memory.security.MemoryAccess;

/** GET /profile: what the caller has remembered, counted per entity and type, with its oldest and newest memory. */
@ApplicationScoped
public class ProfileService {

    private final MemoryRepository memories;

    public ProfileService(MemoryRepository memories) {
        this.memories = memories;
    }

    /** One (entity, type) group. */
    public record Count(String entityName, String memoryType, long count) {
    }

    public record Profile(List<Count> counts, Memory oldest, Memory newest) {
    }

    public Uni<Profile> profile(MemoryAccess access) {
        return MemoryService.inRls(access, () -> memories.countsByEntityAndType(access)
                .chain(rows -> memories.edge(access, false)
                        .chain(oldest -> memories.edge(access, true)
                                .map(newest -> new Profile(
                                        rows.stream().map(r -> new Count((String) r[0], (String) r[1], ((Number) r[2]).longValue())).toList(),
                                        oldest, newest)))));
    }
}
