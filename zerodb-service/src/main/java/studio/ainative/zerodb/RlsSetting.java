package studio.ainative.zerodb;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A project's row-level security setting.
 *
 * @param enabled     when false, end users act project-wide (rows still record who wrote them)
 * @param userIdClaim the JWT claim whose value is the end user's owner id
 * @param policy      what an end user may do when enabled
 * @param updatedAt   null for a project that never set it
 */
public record RlsSetting(UUID projectId, boolean enabled, String userIdClaim, RlsPolicy policy, OffsetDateTime updatedAt) {

    public static final String DEFAULT_USER_ID_CLAIM = "sub";

    /** What a project that never configured RLS gets: off, owner id from {@code sub}. */
    public static RlsSetting defaults(UUID projectId) {
        return new RlsSetting(projectId, false, DEFAULT_USER_ID_CLAIM, RlsPolicy.STRICT, null);
    }
}
