package studio.ainative.zerodb.service;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import studio.ainative.platform.web.ApiException;
import studio.ainative.zerodb.RlsPolicy;
import studio.ainative.zerodb.RlsSetting;
import studio.ainative.zerodb.repository.RlsSettingsRepository;
import studio.ainative.zerodb.security.Access;
import studio.ainative.zerodb.security.RlsSettingsCache;
import studio.ainative.zerodb.security.ZerodbTransactions;

/** A project's RLS setting: read and changed by the project's API keys only. */
@ApplicationScoped
public class RlsSettingsService {

    static final int MAX_CLAIM_LENGTH = 256;

    private final ZerodbTransactions transactions;
    private final RlsSettingsRepository repository;
    private final RlsSettingsCache cache;

    public RlsSettingsService(ZerodbTransactions transactions, RlsSettingsRepository repository, RlsSettingsCache cache) {
        this.transactions = transactions;
        this.repository = repository;
        this.cache = cache;
    }

    public Uni<RlsSetting> get(Access access, UUID projectId) {
        requireOwnProjectKey(access, projectId);
        return transactions.run(access, tx -> repository.find(tx, projectId))
                .map(found -> found.orElseGet(() -> RlsSetting.defaults(projectId)));
    }

    public Uni<RlsSetting> set(Access access, UUID projectId, Boolean enabled, String userIdClaim, String policy) {
        requireOwnProjectKey(access, projectId);
        if (enabled == null) {
            throw ApiException.badRequest("invalid_request", "enabled is required (true or false)");
        }
        String claim = userIdClaim == null ? RlsSetting.DEFAULT_USER_ID_CLAIM
                : InputRules.label(userIdClaim, "user_id_claim", MAX_CLAIM_LENGTH, "invalid_user_id_claim");
        RlsPolicy rlsPolicy = policy == null ? RlsPolicy.STRICT : RlsPolicy.of(policy).orElseThrow(() ->
                ApiException.badRequest("invalid_policy", "policy is \"strict\" or \"owner_write\""));
        return transactions.run(access, tx -> repository.save(tx, projectId, enabled, claim, rlsPolicy)).invoke(cache::put);
    }

    private static void requireOwnProjectKey(Access access, UUID projectId) {
        if (!access.apiKey()) {
            throw ApiException.forbidden("api_key_required", "the RLS setting takes a project API key, not an end-user token");
        }
        if (!access.projectId().equals(projectId)) {
            throw ApiException.forbidden("project_mismatch", "the API key belongs to another project");
        }
    }
}
