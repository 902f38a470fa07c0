package studio.ainative.identity.verification;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey.OutputControlLevel;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;
import studio.ainative.identity.jwks.KeySet;

/**
 * Builds compact JWS strings by hand, so hostile tokens can break exactly one rule while everything
 * else stays valid. Keys are generated once per JVM; {@link #NOW} is a fixed whole second.
 */
final class TestTokens {

    static final String ISSUER = "https://idp.example.com";
    static final String AUDIENCE = "client-123";
    static final String SUBJECT = "user-1";
    static final String RSA_KID = "rsa-key-1";
    static final String EC_KID = "ec-key-1";
    static final int SKEW_SECONDS = 30;
    static final Instant NOW = Instant.parse("2030-06-01T12:00:00Z");
    static final int MAX_TOKEN_BYTES = 8192;

    /** The provider's registered RSA signing key. */
    static final RsaJsonWebKey RSA = rsa(RSA_KID);
    /** An attacker's RSA key that claims the provider's kid. */
    static final RsaJsonWebKey IMPOSTOR_RSA = rsa(RSA_KID);
    /** The provider's registered P-256 signing key. */
    static final EllipticCurveJsonWebKey EC = ec(EC_KID);

    private TestTokens() {
    }

    // --- keys and policy ---

    private static RsaJsonWebKey rsa(String kid) {
        try {
            RsaJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
            key.setKeyId(kid);
            return key;
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static EllipticCurveJsonWebKey ec(String kid) {
        try {
            EllipticCurveJsonWebKey key = EcJwkGenerator.generateJwk(EllipticCurves.P256);
            key.setKeyId(kid);
            return key;
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The key as a relying party holds it: public members only, rebuilt from JSON. */
    static PublicJsonWebKey publicOnly(PublicJsonWebKey key) {
        try {
            return PublicJsonWebKey.Factory.newPublicJwk(key.toJson(OutputControlLevel.PUBLIC_ONLY));
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A key set holding the given keys by their kid. */
    static KeySet keysByKid(PublicJsonWebKey... keys) {
        Map<String, PublicJsonWebKey> byKid = new LinkedHashMap<>();
        for (PublicJsonWebKey key : keys) {
            byKid.put(key.getKeyId(), publicOnly(key));
        }
        return new KeySet(byKid, List.of(), List.of(), NOW, NOW.plusSeconds(300));
    }

    /** A key set whose keys carry no kid. */
    static KeySet keysWithoutKid(PublicJsonWebKey... keys) {
        return new KeySet(Map.of(), List.of(keys).stream().map(TestTokens::publicOnly).toList(), List.of(), NOW,
                NOW.plusSeconds(300));
    }

    static VerificationPolicy policy(String... algorithms) {
        return new VerificationPolicy(ISSUER, AUDIENCE, List.of(algorithms), SKEW_SECONDS);
    }

    // --- JSON parts ---

    static Map<String, Object> header(String alg, String kid) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", alg);
        header.put("typ", "JWT");
        if (kid != null) {
            header.put("kid", kid);
        }
        return header;
    }

    /** Claims that pass every check at {@link #NOW} under {@link #policy}. */
    static Map<String, Object> validClaims() {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", ISSUER);
        claims.put("sub", SUBJECT);
        claims.put("aud", AUDIENCE);
        // Issued well before any exp a test sets, so jose4j's "exp before iat" check never interferes.
        claims.put("iat", NOW.getEpochSecond() - 7200);
        claims.put("exp", NOW.getEpochSecond() + 600);
        return claims;
    }

    static Map<String, Object> validClaimsWith(String name, Object value) {
        Map<String, Object> claims = validClaims();
        claims.put(name, value);
        return claims;
    }

    static Map<String, Object> validClaimsWithout(String name) {
        Map<String, Object> claims = validClaims();
        claims.remove(name);
        return claims;
    }

    static String json(Map<String, ?> members) {
        return JsonUtil.toJson(members);
    }

    // --- encoding and signing ---

    static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String b64(String utf8) {
        return b64(utf8.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code base64url(header) + "." + base64url(payload)}: the JWS signing input. */
    static String signingInput(String headerJson, String payloadJson) {
        return b64(headerJson) + "." + b64(payloadJson);
    }

    /** A compact token with the given raw third segment. */
    static String withSignatureSegment(String headerJson, String payloadJson, String signatureSegment) {
        return signingInput(headerJson, payloadJson) + "." + signatureSegment;
    }

    /** Signs with the JCA: {@code RS*} with PKCS#1 v1.5, {@code ES*} in the JWS r||s format. */
    static String sign(String alg, PrivateKey key, String headerJson, String payloadJson) {
        return signInput(alg, key, signingInput(headerJson, payloadJson));
    }

    /** RS256 by the provider's key over a payload given as raw bytes (which need not be UTF-8 JSON). */
    static String rs256(String headerJson, byte[] payload) {
        return signInput("RS256", RSA.getPrivateKey(), b64(headerJson) + "." + b64(payload));
    }

    private static String signInput(String alg, PrivateKey key, String input) {
        String jca = switch (alg) {
            case "RS256" -> "SHA256withRSA";
            case "RS384" -> "SHA384withRSA";
            case "ES256" -> "SHA256withECDSAinP1363Format";
            default -> throw new IllegalArgumentException("no JCA mapping for " + alg);
        };
        try {
            Signature signature = Signature.getInstance(jca);
            signature.initSign(key);
            signature.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + b64(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** HMAC-SHA256 with an arbitrary secret, as an algorithm-confusion attacker would. */
    static String hs256(byte[] secret, String headerJson, String payloadJson) {
        String input = signingInput(headerJson, payloadJson);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return input + "." + b64(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** RS256 by the provider's key with the given header and payload text. */
    static String rs256(String headerJson, String payloadJson) {
        return sign("RS256", RSA.getPrivateKey(), headerJson, payloadJson);
    }

    /** RS256 by the provider's key, standard header, the given claims. */
    static String rs256(Map<String, Object> claims) {
        return rs256(json(header("RS256", RSA_KID)), json(claims));
    }

    /** ES256 by the provider's key, standard header, the given claims. */
    static String es256(Map<String, Object> claims) {
        return sign("ES256", EC.getPrivateKey(), json(header("ES256", EC_KID)), json(claims));
    }
}
