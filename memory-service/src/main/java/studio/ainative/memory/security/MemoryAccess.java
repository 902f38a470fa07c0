package studio.ainative.memory.security;

import java.util.UUID;
import studio.ainative.platform.auth.rls.RlsContext;
import studio.ainative.platform.auth.rls.RlsMode;

/**
 * Whose memories a request works on: always one owner, enforced by the policies in mode {@code user}.
 *
 * @param ownerId the end user, the user an API key names, or {@link #PROJECT_OWNER} for an API key naming none
 */
public record MemoryAccess(UUID projectId, String ownerId) {

    /** Owner of the project-wide memories of API keys that name no user; no end user can hold this id. */
    public static final String PROJECT_OWNER = "api_key:project";

    public RlsContext rls() {
        return new RlsContext(projectId, ownerId, RlsMode.USER);
    }
}
