package studio.ainative.zerodb.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import studio.ainative.zerodb.RlsSetting;
import studio.ainative.zerodb.config.ZerodbConfig;
import studio.ainative.zerodb.repository.RlsSettingsRepository;

/**
 * Each project's RLS setting, read once per {@code zerodb.rls.settings-ttl} rather than once per request.
 * A change through this replica replaces the entry at once, and a read that started before the change committed
 * never puts its older answer over it: what a read loads is kept only when no entry came first.
 */
@ApplicationScoped
public class RlsSettingsCache {

    private final Cache<UUID, RlsSetting> cache;
    private final ZerodbTransactions transactions;
    private final RlsSettingsRepository repository;

    public RlsSettingsCache(ZerodbConfig config, ZerodbTransactions transactions, RlsSettingsRepository repository) {
        this.cache = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(config.rls().settingsTtl()).build();
        this.transactions = transactions;
        this.repository = repository;
    }

    public Uni<RlsSetting> get(UUID projectId) {
        RlsSetting cached = cache.getIfPresent(projectId);
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        return transactions.runForProject(projectId, tx -> repository.find(tx, projectId))
                .map(found -> found.orElseGet(() -> RlsSetting.defaults(projectId)))
                .map(loaded -> {
                    RlsSetting first = cache.asMap().putIfAbsent(projectId, loaded);
                    return first == null ? loaded : first;
                });
    }

    public void put(RlsSetting setting) {
        cache.put(setting.projectId(), setting);
    }
}
