package studio.ainative.identity.security;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import studio.ainative.identity.repository.ApiKeyRepository;
import studio.ainative.identity.service.ProjectHint;
import studio.ainative.platform.web.ApiException;
import studio.ainative.platform.web.LogContext;

/**
 * Authenticates management calls, which only a project API key may make. The key arrives as
 * {@code Authorization: Bearer ak_...} (as in the product guide) or {@code X-API-Key}. The rest of the
 * request's log lines name the key ({@code api_key:<key id>}) and its project, never the key itself.
 */
@ApplicationScoped
public class ApiKeyAuthenticator {

    private final ApiKeyRepository keys;

    public ApiKeyAuthenticator(ApiKeyRepository keys) {
        this.keys = keys;
    }

    /**
     * @param authorization the {@code Authorization} header
     * @param apiKeyHeader  the {@code X-API-Key} header
     * @param projectHeader the {@code X-Project-ID} header, which must then name the key's project
     */
    public Uni<ApiKeyCaller> authenticate(String authorization, String apiKeyHeader, String projectHeader) {
        String credential = apiKeyHeader != null && !apiKeyHeader.isBlank()
                ? apiKeyHeader.strip() : BearerCredentials.token(authorization);
        if (credential == null) {
            return Uni.createFrom().failure(new ApiException(401, "missing_credentials",
                    "send a project API key as 'Authorization: Bearer ak_...' or 'X-API-Key'"));
        }
        if (!credential.startsWith(ApiKeys.PREFIX)) {
            return Uni.createFrom().failure(new ApiException(403, "api_key_required",
                    "this endpoint requires a project API key; end-user tokens are not accepted"));
        }
        if (!ApiKeys.looksLikeKey(credential)) {
            return Uni.createFrom().failure(invalidKey());
        }
        return keys.findActiveByHash(ApiKeys.hash(credential)).map(key -> {
            if (key == null) {
                throw invalidKey();
            }
            if (ProjectHint.namesOther(projectHeader, key.projectId())) {
                throw new ApiException(403, "project_mismatch", "X-Project-ID does not match the API key's project");
            }
            ApiKeyCaller caller = new ApiKeyCaller(key.projectId(), key.id());
            LogContext.caller(caller.actor(), caller.projectId());
            return caller;
        });
    }

    private static ApiException invalidKey() {
        return new ApiException(401, "invalid_api_key", "the API key is invalid or revoked");
    }
}
