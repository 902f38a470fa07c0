package studio.ainative.identity.jwks;

import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.OctetKeyPairJsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;
import studio.ainative.identity.verification.SignatureAlgorithms;

/**
 * Turns a JWKS document into a {@link KeySet}, keeping only keys that can verify an asymmetric
 * signature: symmetric ({@code oct}) keys, encryption keys, RSA keys under 2048 bits, unknown curves
 * and keys declaring an algorithm we do not accept are skipped and reported.
 */
public final class JwksParser {

    static final int MIN_RSA_BITS = 2048;

    /** kty, kid, alg and use (each checked in {@link #refusal}) and the public key's own members. */
    static final int MAX_NUMBER_CHARS = 64;

    private static final List<String> VERIFICATION_MEMBERS = List.of("kty", "kid", "alg", "use", "n", "e", "crv", "x", "y");

    private final int maxKeys;
    private final int maxChars;

    /**
     * @param maxKeys  more keys than this and the document is refused
     * @param maxChars a longer document is refused unread: the fetcher never delivers one ({@code identity.jwks.max-bytes}
     *                 bounds the body it reads), so the parser's time stays bounded whoever calls it
     */
    public JwksParser(int maxKeys, int maxChars) {
        this.maxKeys = maxKeys;
        this.maxChars = maxChars;
    }

    public KeySet parse(String json, Instant fetchedAt, Instant freshUntil) throws InvalidJwksException {
        if (json.length() > maxChars) {
            throw new InvalidJwksException("response is longer than " + maxChars + " characters");
        }
        if (hasLongNumber(json)) {
            throw new InvalidJwksException("response has a number of more than " + MAX_NUMBER_CHARS + " characters");
        }
        Map<String, Object> document;
        try {
            document = JsonUtil.parseJson(json);
        } catch (JoseException | RuntimeException e) {
            throw new InvalidJwksException("response is not a JSON object");
        }
        if (document == null || !(document.get("keys") instanceof List<?> keys)) {
            throw new InvalidJwksException("response has no \"keys\" array");
        }
        if (keys.size() > maxKeys) {
            throw new InvalidJwksException("JWKS has " + keys.size() + " keys; at most " + maxKeys + " are accepted");
        }
        Map<String, PublicJsonWebKey> byKid = new LinkedHashMap<>();
        List<PublicJsonWebKey> withoutKid = new ArrayList<>();
        List<KeySet.SkippedKey> skipped = new ArrayList<>();
        for (Object entry : keys) {
            if (!(entry instanceof Map<?, ?> raw)) {
                skipped.add(new KeySet.SkippedKey(null, "entry is not a JSON object"));
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> params = (Map<String, Object>) raw;
            String kid = params.get("kid") instanceof String s ? s : null;
            String refusal = refusal(params);
            if (refusal != null) {
                skipped.add(new KeySet.SkippedKey(kid, refusal));
                continue;
            }
            PublicJsonWebKey key;
            try {
                key = (PublicJsonWebKey) JsonWebKey.Factory.newJwk(publicPart(params));
            } catch (JoseException | RuntimeException e) {
                skipped.add(new KeySet.SkippedKey(kid, "malformed key parameters"));
                continue;
            }
            refusal = keyRefusal(key);
            if (refusal != null) {
                skipped.add(new KeySet.SkippedKey(kid, refusal));
            } else if (kid == null) {
                withoutKid.add(key);
            } else if (byKid.putIfAbsent(kid, key) != null) {
                skipped.add(new KeySet.SkippedKey(kid, "duplicate kid"));
            }
        }
        return new KeySet(Map.copyOf(byKid), List.copyOf(withoutKid), List.copyOf(skipped), fetchedAt, freshUntil);
    }

    /**
     * Whether a number literal outside strings is longer than {@link #MAX_NUMBER_CHARS}. The JSON parser reads an
     * integer too long for a long as a BigInteger, in time quadratic in its digits: a 64 KiB document of one number
     * took over 100 ms (found by JwksParserFuzzTest). JWK members are strings, so no real JWKS has such a number.
     */
    static boolean hasLongNumber(String json) {
        boolean inString = false;
        int run = 0;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
                run = 0;
            } else if (c >= '0' && c <= '9' || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
                if (++run > MAX_NUMBER_CHARS) {
                    return true;
                }
            } else {
                run = 0;
            }
        }
        return false;
    }

    private static String refusal(Map<String, Object> params) {
        Object kty = params.get("kty");
        if (!(kty instanceof String)) {
            return "missing kty";
        }
        if ("oct".equals(kty)) {
            return "symmetric key (kty oct) not accepted";
        }
        if (!"RSA".equals(kty) && !"EC".equals(kty) && !"OKP".equals(kty)) {
            return "unsupported kty " + kty;
        }
        Object use = params.get("use");
        if (use != null && !"sig".equals(use)) {
            return "key use is not sig";
        }
        Object alg = params.get("alg");
        if (alg != null && !(alg instanceof String s && SignatureAlgorithms.isSupported(s))) {
            return "key algorithm not accepted";
        }
        Object kid = params.get("kid");
        if (kid != null && (!(kid instanceof String s) || s.isEmpty() || s.length() > 256)) {
            return "invalid kid";
        }
        if (params.get("key_ops") instanceof List<?> ops && !ops.contains("verify")) {
            return "key_ops does not allow verify";
        }
        return null;
    }

    /**
     * The members verification uses, the others dropped: private ones (a JWKS is public, and we never want to
     * hold a private key by accident), and whatever else the document carries (key_ops, once checked, x5c,
     * unknown members), which a kept key would otherwise hold and print: an unknown member nested thousands
     * deep made the key's toString and toJson overflow the stack. What is kept is a string (or jose4j refuses
     * the key).
     */
    private static Map<String, Object> publicPart(Map<String, Object> params) {
        Map<String, Object> copy = new LinkedHashMap<>();
        for (String member : VERIFICATION_MEMBERS) {
            if (params.containsKey(member)) {
                copy.put(member, params.get(member));
            }
        }
        return copy;
    }

    private static String keyRefusal(PublicJsonWebKey key) {
        if (key instanceof RsaJsonWebKey rsa) {
            RSAPublicKey pub = rsa.getRsaPublicKey();
            if (pub.getModulus().bitLength() < MIN_RSA_BITS) {
                return "RSA key under " + MIN_RSA_BITS + " bits";
            }
            // Checked here, not left to the key factory: the JDK's refuses e < 3, a native provider's (ACCP) need not,
            // and e = 1 would make every message its own signature.
            java.math.BigInteger e = pub.getPublicExponent();
            return e.compareTo(java.math.BigInteger.valueOf(3)) < 0 || !e.testBit(0) ? "RSA public exponent not odd and at least 3" : null;
        }
        if (key instanceof EllipticCurveJsonWebKey ec) {
            String curve = ec.getCurveName();
            boolean known = EllipticCurves.P_256.equals(curve) || EllipticCurves.P_384.equals(curve)
                    || EllipticCurves.P_521.equals(curve);
            return known ? null : "unsupported curve " + curve;
        }
        if (key instanceof OctetKeyPairJsonWebKey okp) {
            String sub = okp.getSubtype();
            return OctetKeyPairJsonWebKey.SUBTYPE_ED25519.equals(sub) || OctetKeyPairJsonWebKey.SUBTYPE_ED448.equals(sub)
                    ? null : "unsupported OKP subtype " + sub;
        }
        return "unsupported key";
    }
}
