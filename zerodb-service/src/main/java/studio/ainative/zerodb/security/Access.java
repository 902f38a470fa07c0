package studio.ainative.zerodb.security;

import java.util.UUID;
import studio.ainative.platform.auth.rls.RlsContext;
import studio.ainative.platform.auth.rls.RlsMode;

/**
 * Who a request acts as, resolved from the principal and the project's RLS setting.
 *
 * @param projectId the caller's project
 * @param ownerId   recorded as {@code owner_id} on every row the caller writes: the end user's id from the
 *                  claim the project's {@code user_id_claim} names, or {@code api_key:<key id>}
 * @param mode      the policies' mode
 * @param apiKey    a project API key (no end user)
 */
public record Access(UUID projectId, String ownerId, AccessMode mode, boolean apiKey) {

    /**
     * The settings the RLS helper applies. An API key runs with no user, so owner-scoped policies match
     * nothing for it except through mode {@code project}. {@code owner_write} has no {@link RlsMode} of its
     * own yet: it starts as the stricter {@code user} and {@link ZerodbTransactions} switches it.
     */
    public RlsContext rlsContext() {
        return switch (mode) {
            case PROJECT -> new RlsContext(projectId, apiKey ? "" : ownerId, RlsMode.PROJECT);
            case STRICT, OWNER_WRITE -> new RlsContext(projectId, ownerId, RlsMode.USER);
        };
    }

    /** Whether this caller may change project-level definitions (tables): API keys, and end users when RLS is off. */
    public boolean projectWide() {
        return mode == AccessMode.PROJECT;
    }
}
