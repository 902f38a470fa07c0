package studio.ainative.identity.service;

import java.util.UUID;
import studio.ainative.platform.web.ApiException;

/**
 * A caller's project hint ({@code X-Project-ID}, the introspection form's {@code project_id}) as a
 * project id. Compared as a UUID, never as text, so the same id in upper case is the same project.
 */
public final class ProjectHint {

    private ProjectHint() {
    }

    /** The named project; null when no hint was sent. An unparsable hint is a 400 {@code invalid_project_id}. */
    public static UUID parse(String hint) {
        if (hint == null || hint.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(hint.strip());
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "invalid_project_id", "X-Project-ID must be a project id (UUID)");
        }
    }

    /** True when a hint was sent and names another project than {@code projectId}. */
    public static boolean namesOther(String hint, UUID projectId) {
        UUID named = parse(hint);
        return named != null && !named.equals(projectId);
    }
}
