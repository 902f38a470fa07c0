package studio.ainative.memory.service;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import studio.ainative.memory.Memory;
import studio.ainative.memory.MemoryType;
import studio.ainative.memory.repository.MemoryRepository;
import studio.ainative.memory.security.MemoryAccess;
import studio.ainative.memory.service.PageCursors.Position;
import studio.ainative.platform.web.ApiException;

/** GET /memories: the caller's memories newest first, in pages joined by signed cursors. */
@ApplicationScoped
public class ListingService {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;

    private final MemoryRepository memories;
    private final PageCursors cursors;

    public ListingService(MemoryRepository memories, PageCursors cursors) {
        this.memories = memories;
        this.cursors = cursors;
    }

    public record Page(List<Memory> memories, String nextCursor) {
    }

    public Uni<Page> list(MemoryAccess access, String entityName, MemoryType type, int limit, String cursor) {
        String scope = access.projectId() + "\u0000" + access.ownerId() + "\u0000" + (entityName == null ? "" : "=" + entityName)
                + "\u0000" + (type == null ? "" : type.wire());
        Position after = cursor == null ? null : cursors.read(scope, cursor);
        return MemoryService.inRls(access, () -> memories.newest(access, entityName, type, after, limit + 1)).map(rows -> {
            if (rows.size() <= limit) {
                return new Page(rows, null);
            }
            List<Memory> page = rows.subList(0, limit);
            Memory last = page.get(limit - 1);
            return new Page(page, cursors.issue(scope, last.createdAt, last.id));
        });
    }

    public static int limit(String limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int value = Integer.parseInt(limit);
            if (value >= 1 && value <= MAX_LIMIT) {
                return value;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw ApiException.badRequest("invalid_limit", "limit must be from 1 to " + MAX_LIMIT);
    }
}
