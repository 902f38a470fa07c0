package studio.ainative.identity.service;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import studio.ainative.identity.ApiKey;
import studio.ainative.identity.repository.ApiKeyRepository;
import studio.ainative.identity.repository.AuditRepository;
import studio.ainative.identity.repository.InvalidationEvent;
import studio.ainative.identity.security.ApiKeyCaller;
import studio.ainative.identity.security.ApiKeys;
import studio.ainative.platform.web.ApiException;

@ApplicationScoped
public class ApiKeyService {

    /** A freshly created key: the only moment the plaintext exists outside the client. */
    public record CreatedKey(ApiKey record, String key) {
    }

    private final Pool pool;
    private final ApiKeyRepository keys;
    private final AuditRepository audit;
    private final Invalidations invalidations;

    public ApiKeyService(Pool pool, ApiKeyRepository keys, AuditRepository audit, Invalidations invalidations) {
        this.pool = pool;
        this.keys = keys;
        this.audit = audit;
        this.invalidations = invalidations;
    }

    public Uni<List<ApiKey>> list(ApiKeyCaller caller) {
        return keys.list(caller.projectId());
    }

    public Uni<CreatedKey> create(ApiKeyCaller caller, String name) {
        return pool.withTransaction(tx -> create(tx, caller.projectId(), name, caller.actor()));
    }

    /** Also used by the admin bootstrap, inside its own transaction. */
    Uni<CreatedKey> create(SqlClient tx, UUID projectId, String name, String actor) {
        String key = ApiKeys.generate();
        UUID id = UUID.randomUUID();
        return keys.insert(tx, id, projectId, name, ApiKeys.displayPrefix(key), ApiKeys.hash(key))
                .call(created -> audit.append(tx, projectId, actor, "api_key.created", "api_key", id.toString(),
                        Map.of("name", name, "prefix", created.prefix())))
                .map(created -> new CreatedKey(created, key));
    }

    public Uni<Void> revoke(ApiKeyCaller caller, UUID id) {
        return pool.withTransaction(tx -> keys.revoke(tx, caller.projectId(), id).chain(revoked -> {
                    if (!revoked) {
                        throw ApiException.notFound("not_found", "API key not found");
                    }
                    return audit.append(tx, caller.projectId(), caller.actor(), "api_key.revoked", "api_key", id.toString(), Map.of());
                }))
                .call(() -> invalidations.broadcast(InvalidationEvent.apiKey(id.toString())));
    }
}
