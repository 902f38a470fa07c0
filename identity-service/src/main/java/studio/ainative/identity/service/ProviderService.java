package studio.ainative.identity.service;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import studio.ainative.identity.Provider;
import studio.ainative.identity.config.IdentityConfig;
import studio.ainative.identity.jwks.InvalidJwksException;
import studio.ainative.identity.jwks.JwksCache;
import studio.ainative.identity.jwks.JwksFetcher;
import studio.ainative.identity.jwks.KeySet;
import studio.ainative.identity.repository.AuditRepository;
import studio.ainative.identity.repository.InvalidationEvent;
import studio.ainative.identity.repository.ProviderRepository;
import studio.ainative.identity.rest.ProviderRequest;
import studio.ainative.identity.security.ApiKeyCaller;
import studio.ainative.identity.security.SecretCipher;
import studio.ainative.platform.web.ApiException;
import studio.ainative.platform.web.SqlStates;

/**
 * Provider registration. A provider is stored only after its JWKS was fetched through the SSRF guard
 * and yielded at least one usable key; every change is audited and takes effect for verification at once.
 */
@ApplicationScoped
public class ProviderService {

    /**
     * A provider as stored plus what the JWKS fetch found (present on create and on a JWKS change),
     * whether another project registered the same issuer earlier (its tokens then need X-Project-ID here),
     * and which of its URLs identity derived (Stytch's, from the project id).
     */
    public record Registered(Provider provider, KeySet keys, boolean issuerShared, ProviderDraft.Derived derived) {
    }

    private final Pool pool;
    private final ProviderRepository providers;
    private final AuditRepository audit;
    private final JwksFetcher fetcher;
    private final JwksCache jwks;
    private final ProviderDirectory directory;
    private final SecretCipher cipher;
    private final ProviderValidator validator;
    private final Invalidations invalidations;

    public ProviderService(Pool pool, ProviderRepository providers, AuditRepository audit, JwksFetcher fetcher,
                           JwksCache jwks, ProviderDirectory directory, SecretCipher cipher, Invalidations invalidations,
                           IdentityConfig config) {
        this.invalidations = invalidations;
        this.pool = pool;
        this.providers = providers;
        this.audit = audit;
        this.fetcher = fetcher;
        this.jwks = jwks;
        this.directory = directory;
        this.cipher = cipher;
        this.validator = new ProviderValidator(config.tokens().defaultClockSkewSeconds(), config.tokens().maxClockSkewSeconds(),
                StytchEndpoints.of(config.stytch()));
    }

    public Uni<Registered> register(ApiKeyCaller caller, ProviderRequest request) {
        ProviderDraft draft = validator.validate(request);
        UUID id = UUID.randomUUID();
        return fetchKeys(draft, id).chain(fetched -> providers.findByIssuer(draft.issuer()).chain(earlier -> pool.withTransaction(tx ->
                        providers.insert(tx, toProvider(id, caller.projectId(), draft,
                                        draft.apiSecret() == null ? null : cipher.encrypt(draft.apiSecret(), id.toString()),
                                        Provider.qualifierFor(id)))
                                .call(p -> audit.append(tx, caller.projectId(), caller.actor(), "provider.created", "provider",
                                        id.toString(), auditDetails(p, fetched.keys())))
                                .call(p -> auditSharing(tx, caller, p, earlier)))
                .onFailure(PgException.class).transform(ProviderService::conflictOrSame)
                .call(p -> jwks.seed(ref(p), fetched))
                .call(p -> changed(p.id(), p.issuer()))
                .map(p -> new Registered(p, fetched.keys(), !otherProjects(earlier, caller.projectId()).isEmpty(),
                        draft.derived()))));
    }

    public Uni<List<Provider>> list(ApiKeyCaller caller) {
        return providers.list(caller.projectId());
    }

    public Uni<Provider> get(ApiKeyCaller caller, UUID id) {
        return providers.find(caller.projectId(), id).map(p -> {
            if (p == null) {
                throw ApiException.notFound("not_found", "provider not found");
            }
            return p;
        });
    }

    public Uni<Registered> update(ApiKeyCaller caller, UUID id, ProviderRequest patch) {
        return get(caller, id).chain(current -> {
            ProviderDraft merged = validator.merge(toDraft(current), patch);
            ApiSecretChange secretChange = ApiSecretChange.of(current, merged, patch.apiSecret());
            byte[] secret = switch (secretChange) {
                case KEPT -> current.apiSecretEncrypted();
                case REPLACED -> cipher.encrypt(merged.apiSecret(), id.toString());
                case REMOVED, DROPPED -> null;
            };
            boolean jwksChanged = !merged.jwksUri().equals(current.jwksUri());
            Uni<JwksFetcher.Fetched> keys = jwksChanged ? fetchKeys(merged, id) : Uni.createFrom().nullItem();
            boolean issuerChanged = !merged.issuer().equals(current.issuer());
            Uni<List<Provider>> earlierHolders = issuerChanged ? providers.findByIssuer(merged.issuer()) : Uni.createFrom().item(List.of());
            return keys.chain(fetched -> earlierHolders.chain(earlier -> pool.withTransaction(tx -> providers.update(tx,
                                    toProvider(id, caller.projectId(), merged, secret, current.ownerQualifier()))
                            .call(p -> {
                                if (p == null) {
                                    throw ApiException.notFound("not_found", "provider not found");
                                }
                                Map<String, Object> details = auditDetails(p, fetched == null ? null : fetched.keys());
                                details.put("api_secret_change", secretChange.tag());
                                if (secretChange == ApiSecretChange.DROPPED) {
                                    details.put("api_secret_dropped_because", ApiSecretChange.recipientChanged(current, merged) + "_changed");
                                }
                                return audit.append(tx, caller.projectId(), caller.actor(), "provider.updated", "provider",
                                        id.toString(), details);
                            })
                            .call(p -> auditSharing(tx, caller, p, earlier)))
                    .onFailure(PgException.class).transform(ProviderService::conflictOrSame)
                    .call(p -> fetched == null ? Uni.createFrom().voidItem() : jwks.forget(id).chain(() -> jwks.seed(ref(p), fetched)))
                    .call(p -> changed(id, current.issuer()))
                    .call(p -> p.issuer().equals(current.issuer()) ? Uni.createFrom().voidItem() : changed(id, p.issuer()))
                    .map(p -> new Registered(p, fetched == null ? null : fetched.keys(),
                            !otherProjects(earlier, caller.projectId()).isEmpty(), merged.derived()))));
        });
    }

    public Uni<Void> delete(ApiKeyCaller caller, UUID id) {
        return get(caller, id).chain(current -> pool.withTransaction(tx -> providers.delete(tx, caller.projectId(), id)
                        .call(deleted -> {
                            if (!deleted) {
                                throw ApiException.notFound("not_found", "provider not found");
                            }
                            return audit.append(tx, caller.projectId(), caller.actor(), "provider.deleted", "provider",
                                    id.toString(), Map.of("issuer", current.issuer()));
                        }))
                .call(() -> jwks.forget(id))
                .call(() -> changed(id, current.issuer()))
                .replaceWithVoid());
    }

    /**
     * Every replica forgets the issuer's providers and the provider's cached principals at once
     * (locally right away, elsewhere through the broadcast).
     */
    private Uni<Void> changed(UUID providerId, String issuer) {
        directory.invalidate(issuer);
        return invalidations.broadcast(InvalidationEvent.provider(providerId.toString(), issuer));
    }

    private Uni<JwksFetcher.Fetched> fetchKeys(ProviderDraft draft, UUID id) {
        return fetcher.fetchDocument(draft.provider() + ":" + id, draft.jwksUri())
                .onFailure(InvalidJwksException.class)
                .transform(e -> ApiException.badRequest("jwks_unusable", e.getMessage()));
    }

    private Provider toProvider(UUID id, UUID projectId, ProviderDraft d, byte[] secret, String ownerQualifier) {
        return new Provider(id, projectId, d.provider(), d.domain(), d.clientId(), d.audience(), d.jwksUri(), d.issuer(),
                d.claimMapping(), d.allowedAlgorithms(), d.clockSkewSeconds(), secret, d.apiBaseUrl(), null, null,
                ownerQualifier, d.requiredClaims(), d.requiredHeaderTyp());
    }

    /** The registration as a draft to merge a PATCH onto; the stored secret stays encrypted (see {@link ApiSecretChange}). */
    private static ProviderDraft toDraft(Provider p) {
        return new ProviderDraft(p.provider(), p.domain(), p.clientId(), p.audience(), p.jwksUri(), p.issuer(),
                p.claimMapping(), p.allowedAlgorithms(), p.clockSkewSeconds(), null, p.apiBaseUrl(), p.requiredClaims(),
                p.requiredHeaderTyp(), ProviderDraft.Derived.NONE);
    }

    /**
     * Issuers are public, so any project may register one another project registered first. That
     * never takes the issuer from the earlier project (without X-Project-ID the oldest registration
     * wins), but both projects' audit logs record it.
     */
    private Uni<Void> auditSharing(SqlClient tx, ApiKeyCaller caller, Provider registered, List<Provider> earlier) {
        List<UUID> others = otherProjects(earlier, caller.projectId());
        if (others.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Uni<Void> own = audit.append(tx, caller.projectId(), caller.actor(), "provider.issuer_shared", "provider",
                registered.id().toString(), Map.of("issuer", registered.issuer(), "earlier_projects", others.size()));
        for (UUID other : others) {
            own = own.call(() -> audit.append(tx, other, caller.actor(), "provider.issuer_shared", "provider",
                    registered.id().toString(), Map.of("issuer", registered.issuer(), "registered_by_project", caller.projectId().toString())));
        }
        return own;
    }

    private static List<UUID> otherProjects(List<Provider> withIssuer, UUID projectId) {
        return withIssuer.stream().map(Provider::projectId).filter(p -> !p.equals(projectId)).distinct().toList();
    }

    private static JwksCache.ProviderRef ref(Provider p) {
        return new JwksCache.ProviderRef(p.id(), p.tag(), p.jwksUri());
    }

    /** What the audit log keeps: the registration's shape, never the secret. */
    private static Map<String, Object> auditDetails(Provider p, KeySet keys) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("provider", p.provider());
        details.put("issuer", p.issuer());
        details.put("jwks_uri", p.jwksUri());
        details.put("client_id", p.clientId());
        details.put("has_api_secret", p.hasApiSecret());
        if (keys != null) {
            details.put("usable_keys", keys.usableCount());
            details.put("skipped_keys", keys.skipped().size());
        }
        return details;
    }

    private static Throwable conflictOrSame(Throwable e) {
        if (SqlStates.is(e, SqlStates.UNIQUE_VIOLATION)) {
            return new ApiException(409, "provider_exists", "a provider with this issuer is already registered in the project");
        }
        return e;
    }
}
