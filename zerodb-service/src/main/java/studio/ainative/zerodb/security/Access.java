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
 * @param mode      what {@code app.rls_mode} the policies in V1__zerodb_schema.sql see: {@code project}
 *                  (API keys, end users with RLS off), {@code user} (policy strict) or {@code owner_write}
 * @param apiKey    a project API key (no end user)
 */
public record Access(UUID projectId, String ownerId, RlsMode mode, boolean apiKey) {

    /**
     * The settings the RLS helper applies. An API key runs with no user, so owner-scoped policies match
     * nothing for it except through mode {@code project}.
     */
    public RlsContext rlsContext() {
        return new RlsContext(projectId, apiKey ? "" : ownerId, mode);
    }

    /** Whether this caller may change project-level definitions (tables): API keys, and end users when RLS is off. */
    public boolean projectWide() {
        return mode == RlsMode.PROJECT;
    }
}
