package studio.ainative.bench.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import studio.ainative.bench.chaos.HostileTokens.Attack;

class HostileTokensTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final String ISSUER = "stytch.com/project-test-11111111-2222-3333-4444-555555555555";
    private static final String KID = "jwk-test-1";

    private static KeyPair idpKey;
    private static Map<String, Object> jwk;
    private static HostileTokens tokens;

    @BeforeAll
    static void idp() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        idpKey = generator.generateKeyPair();
        RSAPublicKey publicKey = (RSAPublicKey) idpKey.getPublic();
        jwk = new LinkedHashMap<>(Map.of("kty", "RSA", "kid", KID, "alg", "RS256", "use", "sig",
                "n", B64.encodeToString(unsigned(publicKey.getModulus().toByteArray())),
                "e", B64.encodeToString(unsigned(publicKey.getPublicExponent().toByteArray()))));
        String header = B64.encodeToString(JSON.writeValueAsBytes(Map.of("alg", "RS256", "typ", "JWT", "kid", KID)));
        long now = System.currentTimeMillis() / 1000;
        String claims = B64.encodeToString(JSON.writeValueAsBytes(Map.of("iss", ISSUER, "aud", List.of("project-test-1"),
                "sub", "user-test-1", "exp", now + 3600, "iat", now, "nbf", now, "jti", "jti-1")));
        String input = header + "." + claims;
        Map<Attack, List<String>> signed = new EnumMap<>(Attack.class);
        Attack.SIGNED_BY_THE_IDP.forEach(a -> signed.put(a, List.of("idp-signed-" + a.label() + "-1", "idp-signed-" + a.label() + "-2")));
        tokens = new HostileTokens(input + "." + B64.encodeToString(sign(input)), jwk, signed);
    }

    private static byte[] unsigned(byte[] twosComplement) {
        return twosComplement[0] == 0 ? java.util.Arrays.copyOfRange(twosComplement, 1, twosComplement.length) : twosComplement;
    }

    private static byte[] sign(String input) throws Exception {
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(idpKey.getPrivate());
        rsa.update(input.getBytes(StandardCharsets.US_ASCII));
        return rsa.sign();
    }

    private static boolean verifiesWithTheIdpKey(String token) throws Exception {
        String[] parts = token.split("\\.");
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initVerify(idpKey.getPublic());
        rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        return rsa.verify(Base64.getUrlDecoder().decode(parts[2]));
    }

    private static String token(Attack attack, long seed) throws Exception {
        return new HostileTokens.Hostile(attack, tokens.authorization(attack, new Random(seed))).token();
    }

    private static JsonNode header(String token) throws Exception {
        return JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[0]));
    }

    private static String payload(String token) {
        return new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
    }

    private static String signature(String token) {
        String[] parts = token.split("\\.", -1);
        return parts[2];
    }

    @Test
    void algNoneTokensCarryNoSignature() throws Exception {
        for (long seed = 0; seed < 8; seed++) {
            String token = token(Attack.ALG_NONE, seed);
            assertTrue(header(token).path("alg").asText().equalsIgnoreCase("none"));
            assertEquals("", signature(token));
            assertEquals(ISSUER, JSON.readTree(payload(token)).path("iss").asText());
        }
    }

    @Test
    void hs256TokensAreKeyedWithTheIdpsPublicKey() throws Exception {
        String token = token(Attack.HS256_WITH_PUBLIC_KEY, 1);
        assertEquals("HS256", header(token).path("alg").asText());
        assertEquals(KID, header(token).path("kid").asText());
        String input = token.substring(0, token.lastIndexOf('.'));
        List<byte[]> secrets = List.of(JSON.writeValueAsBytes(jwk), idpKey.getPublic().getEncoded());
        boolean keyedWithPublicKey = false;
        for (long seed = 0; seed < 12 && !keyedWithPublicKey; seed++) {
            String candidate = token(Attack.HS256_WITH_PUBLIC_KEY, seed);
            String candidateInput = candidate.substring(0, candidate.lastIndexOf('.'));
            for (byte[] secret : secrets) {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(secret, "HmacSHA256"));
                keyedWithPublicKey |= B64.encodeToString(mac.doFinal(candidateInput.getBytes(StandardCharsets.US_ASCII))).equals(signature(candidate));
            }
        }
        assertTrue(keyedWithPublicKey, "no HS256 token was keyed with the JWK's JSON or the key's DER bytes: " + input);
    }

    @Test
    void signatureAttacksKeepTheIdpsKidButNeverItsSignature() throws Exception {
        assertTrue(token(Attack.SIGNATURE_STRIPPED, 1).endsWith("."));
        for (Attack attack : List.of(Attack.GARBAGE_SIGNATURE, Attack.FORGED_SIGNATURE)) {
            String token = token(attack, 2);
            assertEquals(KID, header(token).path("kid").asText(), attack.label());
            assertFalse(verifiesWithTheIdpKey(token), attack.label());
        }
        String zero = token(Attack.ES256_ZERO_SIGNATURE, 3);
        assertEquals("ES256", header(zero).path("alg").asText());
        assertTrue(java.util.Arrays.equals(new byte[64], Base64.getUrlDecoder().decode(signature(zero))));
    }

    @Test
    void kidAttacksNameKidsTheIdpDoesNotPublish() throws Exception {
        Set<String> kids = new HashSet<>();
        for (long seed = 0; seed < 20; seed++) {
            kids.add(header(token(Attack.UNKNOWN_KID, seed)).path("kid").asText());
            String hostile = header(token(Attack.HOSTILE_KID, seed)).path("kid").asText();
            assertNotEquals(KID, hostile);
            assertTrue(hostile.contains("/") || hostile.contains("'") || hostile.contains("\"") || hostile.length() > 256, hostile);
        }
        assertEquals(20, kids.size(), "every unknown kid is new");
        assertFalse(kids.contains(KID));
        assertEquals(ISSUER, JSON.readTree(payload(token(Attack.UNKNOWN_KID, 1))).path("iss").asText());
    }

    @Test
    void headerAttacksCarryTheirMember() throws Exception {
        for (long seed = 0; seed < 8; seed++) {
            JsonNode header = header(token(Attack.KEY_URL_HEADERS, seed));
            assertTrue(header.has("jku") || header.has("x5u") || header.has("jwk") || header.has("x5c"), header.toString());
        }
        assertTrue(header(token(Attack.CRIT_HEADER, 1)).path("crit").isArray());
    }

    @Test
    void duplicateMembersNameSubTwice() throws Exception {
        String payload = payload(token(Attack.DUPLICATE_MEMBERS, 1));
        assertEquals(2, payload.split("\"sub\"", -1).length - 1, payload);
    }

    @Test
    void shapeAttacksAreNotACompactJwsOfThreeUnpaddedSegments() throws Exception {
        for (long seed = 0; seed < 12; seed++) {
            String token = token(Attack.WRONG_SEGMENTS, seed);
            assertTrue(token.split("\\.", -1).length != 3 || !token.matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+"), token);
        }
    }

    @Test
    void sizeAttacksPassTheLimits() throws Exception {
        assertTrue(token(Attack.OVERSIZED_TOKEN, 1).length() > 8192);
        assertTrue(tokens.authorization(Attack.OVERSIZED_HEADER, new Random(1)).length() >= 20 * 1024);
        for (long seed = 0; seed < 6; seed++) {
            String nested = token(Attack.NESTED_JSON, seed);
            assertTrue(nested.length() <= 8192, "a nested token stays under the size limit: " + nested.length());
            assertTrue(payload(nested).contains("[".repeat(500)) || payload(nested).contains("{\"a\":".repeat(250)));
        }
    }

    @Test
    void badClaimShapesAreNoUsableClaimsObject() throws Exception {
        for (long seed = 0; seed < 12; seed++) {
            String payload = payload(token(Attack.BAD_CLAIM_SHAPES, seed));
            assertTrue(payload.contains("1e400") || payload.startsWith("[") || payload.startsWith("not json"), payload);
        }
    }

    @Test
    void unregisteredIssuersAreEachNew() throws Exception {
        String first = JSON.readTree(payload(token(Attack.UNREGISTERED_ISSUER, 1))).path("iss").asText();
        String second = JSON.readTree(payload(token(Attack.UNREGISTERED_ISSUER, 2))).path("iss").asText();
        assertNotEquals(ISSUER, first);
        assertNotEquals(first, second);
    }

    @Test
    void idpSignedAttacksUseTheTokensDevkitSigned() throws Exception {
        for (Attack attack : Attack.SIGNED_BY_THE_IDP) {
            assertTrue(token(attack, 1).startsWith("idp-signed-" + attack.label()), attack.label());
        }
    }

    @Test
    void everyAttackComesInTurnAsAPrintableHeader() throws Exception {
        Random random = new Random(7);
        Map<Attack, Integer> seen = new EnumMap<>(Attack.class);
        for (long n = 0; n < 3L * Attack.values().length; n++) {
            HostileTokens.Hostile hostile = tokens.next(n, random);
            seen.merge(hostile.attack(), 1, Integer::sum);
            assertTrue(hostile.authorization().chars().allMatch(c -> c >= 0x20 && c < 0x7f), hostile.attack().label());
        }
        assertEquals(Attack.values().length, seen.size());
        seen.values().forEach(count -> assertEquals(3, count));
    }

    @Test
    void tokensOfOneAttackDiffer() throws Exception {
        Random random = new Random(3);
        Set<String> forged = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            forged.add(tokens.authorization(Attack.FORGED_SIGNATURE, random));
        }
        assertEquals(10, forged.size());
    }
}
