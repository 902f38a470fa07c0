package studio.ainative.memory.security;

import java.util.UUID;
import studio.ainative.platform.auth.rls.RlsContext;
import studio.ainative.platform.auth.rls.RlsMode;

/**
 * Whose memories a request works on.
 *
 * @param ownerId the owner of what it writes: the end user, the user an API key names, or {@link #PROJECT_OWNER}
 * @param mode    {@link RlsMode#USER} (own memories only) or {@link RlsMode#PROJECT} (an API key without user_id)
 */
public record MemoryAccess(UUID projectId, String ownerId, RlsMode mode) {

    /** Owner of the memories an API key writes without naming a user; no end user can hold this id. */
    public static final String PROJECT_OWNER = "api_key:project";

    public RlsContext rls() {
        return new RlsContext(projectId, mode == RlsMode.USER ? ownerId : "", mode);
    }
}
