package studio.ainative.devkit.stytch.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.lang.JoseException;
import studio.ainative.devkit.stytch.Session;
import studio.ainative.devkit.stytch.config.StytchConfig;

/**
 * Mints session JWTs shaped like Stytch's: RS256, kid of the current key, iss/aud/sub/iat/nbf/exp
 * and the session claim. Like Stytch, there is no top-level email claim.
 */
@ApplicationScoped
public class SessionJwtIssuer {

    private final SigningKeys keys;
    private final StytchConfig config;
    private final ObjectMapper json;

    public SessionJwtIssuer(SigningKeys keys, StytchConfig config, ObjectMapper json) {
        this.keys = keys;
        this.config = config;
        this.json = json;
    }

    public MintedJwt mint(Session session, Instant now, Duration lifetime) {
        return mint(session, now, lifetime, Map.of());
    }

    /** {@code extraClaims} go in last, so tests can override standard claims to build odd tokens. */
    public MintedJwt mint(Session session, Instant now, Duration lifetime, Map<String, Object> extraClaims) {
        long issuedAt = now.getEpochSecond();
        long expiresAt = issuedAt + lifetime.toSeconds();

        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", SessionClaims.issuer(config.projectId()));
        claims.put("aud", SessionClaims.audience(config.projectId()));
        claims.put("sub", session.userId());
        claims.put("iat", issuedAt);
        claims.put("nbf", issuedAt);
        claims.put("exp", expiresAt);
        claims.put(SessionClaims.CLAIM, SessionClaims.of(session));
        claims.putAll(extraClaims);

        RsaJsonWebKey key = keys.current();
        return new MintedJwt(sign(key, claims), key.getKeyId(), Instant.ofEpochSecond(expiresAt));
    }

    private String sign(RsaJsonWebKey key, Map<String, Object> claims) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setKeyIdHeaderValue(key.getKeyId());
        jws.setHeader("typ", "JWT");
        jws.setKey(key.getPrivateKey());
        try {
            jws.setPayload(json.writeValueAsString(claims));
            return jws.getCompactSerialization();
        } catch (JsonProcessingException | JoseException e) {
            throw new IllegalStateException("Cannot sign a session JWT", e);
        }
    }
}
