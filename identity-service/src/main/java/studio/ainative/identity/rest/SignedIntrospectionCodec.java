package studio.ainative.identity.rest;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.UUID;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.lang.JoseException;
import studio.ainative.identity.config.IdentityConfig;
import studio.ainative.identity.security.SigningKeys;
import studio.ainative.identity.service.IntrospectionOutcome;
import studio.ainative.identity.service.IntrospectionOutcome.Active;
import studio.ainative.identity.service.IntrospectionOutcome.ApiKeyActive;

/**
 * The RFC 9701 answer of introspection: a JWT signed with identity's own key, typed
 * {@value #JWT_TYPE}, whose {@code token_introspection} claim is the very RFC 7662 body the JSON answer
 * carries.
 *
 * <p>It is also the principal a resource service may hand on to another one for the same end user, so
 * it is short-lived: {@code exp} is at most {@code identity.signing.principal-ttl} (60 s at most) after
 * {@code iat}, and never past the user token's own {@code exp}. {@code aud} names the calling service
 * and the platform's audience, so a service can tell which caller a principal was issued to.
 *
 * <p>Signing costs a millisecond of RSA, so a signed answer is reused for the same caller and the same
 * principal during the first half of its life; an inactive answer says nothing about the token, so one
 * per caller serves every inactive token.
 */
@ApplicationScoped
public class SignedIntrospectionCodec {

    public static final String MEDIA_TYPE = "application/token-introspection+jwt";
    public static final String JWT_TYPE = "token-introspection+jwt";
    static final long MAX_TTL_SECONDS = 60;

    private static final byte[] INACTIVE = new JsonObject().put("active", false).toBuffer().getBytes();

    private final SigningKeys keys;
    private final Clock clock;
    private final String issuer;
    private final String audience;
    private final long ttlSeconds;
    private final Cache<String, Signed> signed;
    private final Counter signatures;

    private record Signed(Buffer jwt, long reuseUntil) {
    }

    public SignedIntrospectionCodec(SigningKeys keys, Clock clock, IdentityConfig config, MeterRegistry metrics) {
        this.keys = keys;
        this.clock = clock;
        this.issuer = config.signing().issuer();
        this.audience = config.signing().audience();
        this.ttlSeconds = config.signing().principalTtl().toSeconds();
        if (ttlSeconds < 2 || ttlSeconds > MAX_TTL_SECONDS) {
            throw new IllegalStateException("identity.signing.principal-ttl must be between 2 s and " + MAX_TTL_SECONDS + " s");
        }
        // Weighed by the signed answer's length and about 200 bytes of key and node, as the principals' cache is.
        this.signed = Caffeine.newBuilder().maximumWeight(config.cache().localMaxSize().asLongValue())
                .weigher((String key, Signed answer) -> 200 + answer.jwt().length())
                .expireAfterWrite(config.signing().principalTtl().dividedBy(2))
                .executor(Runnable::run) // upkeep on the caller, as the other in-process caches
                .build();
        this.signatures = metrics.counter("identity.principal.signatures");
    }

    /** The signed answer for {@code caller} (the service that asked). */
    public Buffer encode(IntrospectionOutcome outcome, String caller) {
        long now = clock.instant().getEpochSecond();
        String cacheKey = cacheKey(outcome, caller);
        Signed hit = signed.getIfPresent(cacheKey);
        if (hit != null && hit.reuseUntil() > now) {
            return hit.jwt();
        }
        long exp = now + ttlSeconds;
        byte[] body = INACTIVE;
        if (outcome instanceof Active active) {
            exp = Math.min(exp, active.expiresAt());
            body = active.body();
        } else if (outcome instanceof ApiKeyActive key) {
            body = key.body();
        }
        JsonObject claims = new JsonObject()
                .put("iss", issuer)
                .put("aud", new JsonArray().add(caller).add(audience))
                .put("iat", now)
                .put("exp", exp)
                .put("jti", UUID.randomUUID().toString())
                .put("token_introspection", new JsonObject(Buffer.buffer(body)));
        Buffer jwt = Buffer.buffer(sign(claims.encode()).getBytes(StandardCharsets.US_ASCII));
        signed.put(cacheKey, new Signed(jwt, Math.min(now + ttlSeconds / 2, exp)));
        return jwt;
    }

    private String sign(String payload) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(payload);
        jws.setAlgorithmHeaderValue(keys.algorithm());
        jws.setKeyIdHeaderValue(keys.current().getKeyId());
        jws.setHeader("typ", JWT_TYPE);
        jws.setKey(keys.current().getPrivateKey());
        try {
            String compact = jws.getCompactSerialization();
            signatures.increment();
            return compact;
        } catch (JoseException e) {
            throw new IllegalStateException("signing an introspection answer failed", e);
        }
    }

    /** One entry per caller and principal; the body's hash keeps a changed principal from reusing an old signature. */
    private static String cacheKey(IntrospectionOutcome outcome, String caller) {
        if (outcome instanceof Active a) {
            return caller + "|t|" + a.tokenId() + "|" + a.providerVersion() + "|" + Arrays.hashCode(a.body());
        }
        if (outcome instanceof ApiKeyActive k) {
            return caller + "|k|" + k.keyId();
        }
        return caller + "|inactive";
    }
}
