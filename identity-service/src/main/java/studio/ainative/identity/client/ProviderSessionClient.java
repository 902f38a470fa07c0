package studio.ainative.identity.client;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import studio.ainative.identity.Provider;
import studio.ainative.identity.config.IdentityConfig;
import studio.ainative.identity.security.SecretCipher;
import studio.ainative.identity.verification.ClaimMapper;

/**
 * Looks up a Stytch user's primary email through the provider's own session API
 * ({@code POST /v1/sessions/authenticate} with the registration's secret), for tokens that carry no
 * email. Results are cached per (provider, user); the caller waits at most the configured budget, and
 * a slow answer still lands in the cache for the next request.
 */
@ApplicationScoped
public class ProviderSessionClient {

    private static final Logger LOG = Logger.getLogger(ProviderSessionClient.class);
    private static final int MAX_RESPONSE_BYTES = 64 * 1024;

    private final GuardedHttpClient http;
    private final SecretCipher cipher;
    private final MeterRegistry metrics;
    private final IdentityConfig.ProviderApi config;
    private final Cache<String, Optional<String>> emails;

    public ProviderSessionClient(GuardedHttpClient http, SecretCipher cipher, MeterRegistry metrics, IdentityConfig config) {
        this.http = http;
        this.cipher = cipher;
        this.metrics = metrics;
        this.config = config.providerApi();
        this.emails = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(this.config.emailCacheTtl()).build();
    }

    /** The user's primary email, or an empty result when unknown, slow or failing; never a failure. */
    public Uni<Optional<String>> primaryEmail(Provider provider, String userId, String sessionJwt) {
        String cacheKey = provider.id() + "\n" + userId;
        Optional<String> cached = emails.getIfPresent(cacheKey);
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        String secret = cipher.decrypt(provider.apiSecretEncrypted(), provider.id().toString());
        String basic = Base64.getEncoder().encodeToString(
                (provider.clientId() + ":" + secret).getBytes(StandardCharsets.UTF_8));
        Uni<Optional<String>> lookup = http.postJson(provider.effectiveApiBaseUrl() + "/v1/sessions/authenticate",
                        Map.of("Authorization", "Basic " + basic),
                        new JsonObject().put("session_jwt", sessionJwt).encode(), MAX_RESPONSE_BYTES)
                .map(response -> {
                    if (response.status() != 200) {
                        throw new IllegalStateException("provider session API answered HTTP " + response.status());
                    }
                    JsonObject body = new JsonObject(response.body());
                    JsonObject user = body.getJsonObject("user");
                    JsonArray list = user == null ? null : user.getJsonArray("emails");
                    return Optional.ofNullable(list == null ? null : ClaimMapper.emailFrom(
                            list.stream().map(e -> e instanceof JsonObject o ? o.getMap() : e).toList()));
                })
                .invoke(email -> {
                    emails.put(cacheKey, email);
                    metrics.counter("identity_provider_email_lookups_total", "outcome", "ok").increment();
                })
                .onFailure().invoke(e -> {
                    metrics.counter("identity_provider_email_lookups_total", "outcome", "error").increment();
                    LOG.debugf("email lookup for provider %s failed: %s", provider.tag(), e.getMessage());
                })
                .memoize().indefinitely();
        lookup.subscribe().with(e -> { }, e -> { });
        return lookup.ifNoItem().after(config.timeout()).recoverWithItem(Optional.empty())
                .onFailure().recoverWithItem(Optional.empty());
    }
}
