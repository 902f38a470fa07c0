package studio.ainative.platform.auth.rls;

import java.util.Objects;
import java.util.UUID;
import studio.ainative.platform.auth.PlatformPrincipal;

/**
 * The three settings one transaction runs under.
 *
 * @param projectId {@code app.project_id}
 * @param userId    {@code app.user_id}: the end user's owner id; an absent user is the empty string, so a policy comparing
 *                  {@code owner_id = current_setting('app.user_id', true)} matches nothing (fail closed)
 * @param mode      {@code app.rls_mode}
 */
public record RlsContext(UUID projectId, String userId, RlsMode mode) {

    public RlsContext {
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(mode, "mode");
        userId = userId == null ? "" : userId;
    }

    /** Strict isolation: an end user sees only their own rows; an API key sees its whole project. */
    public static RlsContext of(PlatformPrincipal principal) {
        return of(principal, RlsMode.USER);
    }

    /**
     * @param endUserMode what the project's RLS setting says for end users ({@link RlsMode#PROJECT} when off,
     *                    {@link RlsMode#USER} or {@link RlsMode#OWNER_WRITE} when on); API keys always act
     *                    project-wide, with no user
     */
    public static RlsContext of(PlatformPrincipal principal, RlsMode endUserMode) {
        if (principal.isApiKey()) {
            return new RlsContext(principal.projectId(), "", RlsMode.PROJECT);
        }
        return new RlsContext(principal.projectId(), principal.ownerId(), endUserMode);
    }
}
