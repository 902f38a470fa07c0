package studio.ainative.identity.client;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;
import studio.ainative.identity.Provider;
import studio.ainative.identity.config.IdentityConfig;
import studio.ainative.identity.security.SecretCipher;
import studio.ainative.identity.security.UndecryptableSecretException;
import studio.ainative.identity.verification.ClaimMapper;
import studio.ainative.platform.web.ApiException;

/**
 * Looks up a Stytch user's email through the provider's own session API
 * ({@code POST /v1/sessions/authenticate} with the session JWT and the registration's secret), for
 * tokens that carry no email (OAuth and password sessions): among the response's {@code user.emails},
 * the verified one the session's factors name by {@code email_id}, else the first verified one.
 * Results are cached per (provider, user, email ids); the caller waits at most the configured budget, and
 * a slow answer still lands in the cache for the next request. A stored secret that no configured key
 * decrypts fails the request with 503 {@code provider_unavailable} (an operator must restore the key or
 * set the secret again), logged once per registration rather than per request.
 */
@ApplicationScoped
public class ProviderSessionClient {

    private static final Logger LOG = Logger.getLogger(ProviderSessionClient.class);
    private static final int MAX_RESPONSE_BYTES = 64 * 1024;
    private static final int UNREADABLE_SECRET_RETRY_AFTER_SECONDS = 60;

    private final GuardedHttpClient http;
    private final SecretCipher cipher;
    private final MeterRegistry metrics;
    private final IdentityConfig.ProviderApi config;
    private final Cache<String, Optional<String>> emails;
    /**
     * Sessions whose user had no verified email when asked. Kept per session, not per user: a user who verifies
     * their address (a password user proving it by a passcode or a link) gets it asserted from their next session
     * on, not after the cache's lifetime.
     */
    private final Cache<String, Boolean> noEmail;
    /** Registrations (id and version) whose undecryptable secret was already logged. */
    private final Set<String> reportedUnreadable = ConcurrentHashMap.newKeySet();

    public ProviderSessionClient(GuardedHttpClient http, SecretCipher cipher, MeterRegistry metrics, IdentityConfig config) {
        this.http = http;
        this.cipher = cipher;
        this.metrics = metrics;
        this.config = config.providerApi();
        this.emails = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(this.config.emailCacheTtl()).build();
        this.noEmail = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(this.config.emailCacheTtl()).build();
    }

    /**
     * The email the user signed in with ({@code emailIds}: those the session's factors name), else the
     * user's first verified email, or an empty result when unknown, slow or failing; fails only when the
     * registration's secret cannot be decrypted ({@link ApiException} 503 {@code provider_unavailable}).
     */
    public Uni<Optional<String>> sessionEmail(Provider provider, String userId, String sessionJwt, List<String> emailIds) {
        String cacheKey = provider.id() + "\n" + userId + "\n" + String.join(",", emailIds);
        Optional<String> cached = emails.getIfPresent(cacheKey);
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        String sessionKey = cacheKey + "\n" + sha256(sessionJwt);
        if (noEmail.getIfPresent(sessionKey) != null) {
            return Uni.createFrom().item(Optional.empty());
        }
        String secret;
        try {
            secret = cipher.decrypt(provider.apiSecretEncrypted(), provider.id().toString());
        } catch (UndecryptableSecretException e) {
            return Uni.createFrom().failure(unreadableSecret(provider, e));
        }
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
                    return Optional.ofNullable(list == null ? null : ClaimMapper.emailOfSession(
                            list.stream().map(e -> e instanceof JsonObject o ? o.getMap() : e).toList(), emailIds));
                })
                .invoke(email -> {
                    if (email.isPresent()) {
                        emails.put(cacheKey, email);
                    } else {
                        noEmail.put(sessionKey, Boolean.TRUE);
                    }
                    metrics.counter("identity.provider.email.lookups", "outcome", "ok").increment();
                })
                .onFailure().invoke(e -> {
                    metrics.counter("identity.provider.email.lookups", "outcome", "error").increment();
                    LOG.debugf("email lookup for provider %s failed: %s", provider.tag(), e.getMessage());
                })
                .memoize().indefinitely();
        lookup.subscribe().with(e -> { }, e -> { });
        return lookup.ifNoItem().after(config.timeout()).recoverWithItem(Optional.empty())
                .onFailure().recoverWithItem(Optional.empty());
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

        private ApiException unreadableSecret(Provider provider, UndecryptableSecretException e) {
        metrics.counter("identity.provider.email.lookups", "outcome", "secret_unreadable").increment();
        String registration = provider.id() + "@" + (provider.updatedAt() == null ? "" : provider.updatedAt().toInstant());
        if (reportedUnreadable.add(registration)) {
            LOG.errorf("provider %s: its stored API secret cannot be decrypted (%s); requests that need it answer 503 "
                    + "until identity.secrets.keys holds its key again or the secret is set again", provider.tag(), e.getMessage());
        }
        return ApiException.unavailable("provider_unavailable",
                "the identity provider's registration cannot be used right now", UNREADABLE_SECRET_RETRY_AFTER_SECONDS);
    }
}
