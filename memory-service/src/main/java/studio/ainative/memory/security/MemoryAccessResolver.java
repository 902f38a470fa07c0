package studio.ainative.memory.security;

import jakarta.enterprise.context.ApplicationScoped;
import studio.ainative.platform.auth.PlatformPrincipal;
import studio.ainative.platform.web.ApiException;

/**
 * The caller and an optional {@code user_id} → {@link MemoryAccess}. An end user always works on their own
 * memories (strict, whatever the project's ZeroDB setting says) and may not name anyone; an API key acts for
 * the user it names, or on the project's own memories ({@link MemoryAccess#PROJECT_OWNER}) without one. Either
 * way one owner, so every request runs in RLS mode {@code user}.
 */
@ApplicationScoped
public class MemoryAccessResolver {

    static final int MAX_USER_ID_LENGTH = 256;
    static final String RESERVED_PREFIX = "api_key:";

    public MemoryAccess resolve(PlatformPrincipal principal, String userId) {
        if (!principal.isApiKey()) {
            if (userId != null) {
                throw ApiException.badRequest("user_id_not_allowed",
                        "user_id is for API keys acting for a user; an end-user token always works on its own memories");
            }
            String owner = principal.ownerId();
            if (!usable(owner)) {
                throw ApiException.forbidden("user_id_claim_missing", "the token carries no usable user id");
            }
            if (owner.startsWith(RESERVED_PREFIX)) {
                throw ApiException.forbidden("user_id_reserved", "the token's user id starts with '" + RESERVED_PREFIX + "', which names API keys");
            }
            return new MemoryAccess(principal.projectId(), owner);
        }
        if (userId == null) {
            return new MemoryAccess(principal.projectId(), MemoryAccess.PROJECT_OWNER);
        }
        if (!usable(userId) || userId.startsWith(RESERVED_PREFIX)) {
            throw ApiException.badRequest("invalid_user_id",
                    "user_id must be 1 to " + MAX_USER_ID_LENGTH + " characters without control characters, not starting with '"
                            + RESERVED_PREFIX + "'");
        }
        return new MemoryAccess(principal.projectId(), userId);
    }

    private static boolean usable(String id) {
        return id != null && !id.isBlank() && id.length() <= MAX_USER_ID_LENGTH && id.chars().noneMatch(Character::isISOControl);
    }
}
