package studio.ainative.identity.jwks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey.OutputControlLevel;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.OctJwkGenerator;
import org.jose4j.jwk.OctetKeyPairJsonWebKey;
import org.jose4j.jwk.OkpJwkGenerator;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JwksParserTest {

    private static final int MAX_KEYS = 5;
    private static final int MAX_CHARS = 65_536;
    private static final Instant FETCHED = Instant.parse("2030-01-01T00:00:00Z");
    private static final Instant FRESH_UNTIL = FETCHED.plusSeconds(300);

    private static RsaJsonWebKey rsa;
    private static RsaJsonWebKey otherRsa;
    private static EllipticCurveJsonWebKey ec;

    private final JwksParser parser = new JwksParser(MAX_KEYS, MAX_CHARS);

    @BeforeAll
    static void generateKeys() throws JoseException {
        rsa = RsaJwkGenerator.generateJwk(2048);
        rsa.setKeyId("rsa-1");
        otherRsa = RsaJwkGenerator.generateJwk(2048);
        otherRsa.setKeyId("rsa-1");
        ec = EcJwkGenerator.generateJwk(EllipticCurves.P256);
        ec.setKeyId("ec-1");
    }

    /** The public members of a key, as a mutable map a test can tamper with. */
    private static Map<String, Object> publicParams(PublicJsonWebKey key) {
        return new LinkedHashMap<>(key.toParams(OutputControlLevel.PUBLIC_ONLY));
    }

    private static Map<String, Object> with(Map<String, Object> params, String member, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(params);
        copy.put(member, value);
        return copy;
    }

    private static Map<String, Object> without(Map<String, Object> params, String member) {
        Map<String, Object> copy = new LinkedHashMap<>(params);
        copy.remove(member);
        return copy;
    }

    private static String jwks(Object... keys) {
        return JsonUtil.toJson(Map.of("keys", List.of(keys)));
    }

    private KeySet parse(String json) throws InvalidJwksException {
        return parser.parse(json, FETCHED, FRESH_UNTIL);
    }

    /** Parses a JWKS holding only {@code key}, which must be skipped; returns the recorded reason. */
    private String skipReasonOf(Map<String, Object> key) throws InvalidJwksException {
        KeySet set = parse(jwks(key));
        assertEquals(0, set.usableCount(), "the key must not be usable");
        assertEquals(1, set.skipped().size(), "the key must be reported as skipped");
        return set.skipped().get(0).reason();
    }

    // --- usable keys ---

    @Test
    void keepsRsaAndEcSigningKeysByKid() throws InvalidJwksException {
        KeySet set = parse(new JsonWebKeySet(rsa, ec).toJson(OutputControlLevel.PUBLIC_ONLY));

        assertEquals(2, set.usableCount());
        assertEquals(rsa.getPublicKey(), set.byKid("rsa-1").orElseThrow().getPublicKey());
        assertEquals(ec.getPublicKey(), set.byKid("ec-1").orElseThrow().getPublicKey());
        assertTrue(set.skipped().isEmpty());
    }

    @Test
    void keepsEd25519SigningKey() throws JoseException, InvalidJwksException {
        OctetKeyPairJsonWebKey ed = OkpJwkGenerator.generateJwk(OctetKeyPairJsonWebKey.SUBTYPE_ED25519);
        ed.setKeyId("ed-1");

        KeySet set = parse(jwks(publicParams(ed)));

        assertEquals(ed.getPublicKey(), set.byKid("ed-1").orElseThrow().getPublicKey());
    }

    @Test
    void keepsKeyWithUseSig() throws InvalidJwksException {
        assertTrue(parse(jwks(with(publicParams(rsa), "use", "sig"))).byKid("rsa-1").isPresent());
    }

    @Test
    void keepsKeyDeclaringAcceptedAlgorithm() throws InvalidJwksException {
        assertTrue(parse(jwks(with(publicParams(rsa), "alg", "RS256"))).byKid("rsa-1").isPresent());
    }

    @Test
    void keepsKeyWhoseKeyOpsAllowVerify() throws InvalidJwksException {
        assertTrue(parse(jwks(with(publicParams(rsa), "key_ops", List.of("verify")))).byKid("rsa-1").isPresent());
    }

    @Test
    void keepsKeysWithoutKidSeparately() throws InvalidJwksException {
        KeySet set = parse(jwks(without(publicParams(rsa), "kid"), publicParams(ec)));

        assertEquals(1, set.withoutKid().size());
        assertEquals(rsa.getPublicKey(), set.withoutKid().get(0).getPublicKey());
        assertEquals(List.of("ec-1"), List.copyOf(set.byKid().keySet()));
    }

    @Test
    void carriesFetchTimesIntoKeySet() throws InvalidJwksException {
        KeySet set = parse(jwks(publicParams(rsa)));

        assertEquals(FETCHED, set.fetchedAt());
        assertEquals(FRESH_UNTIL, set.freshUntil());
    }

    @Test
    void emptyKeysArrayGivesEmptyKeySet() throws InvalidJwksException {
        KeySet set = parse("{\"keys\": []}");

        assertEquals(0, set.usableCount());
        assertTrue(set.skipped().isEmpty());
    }

    @Test
    void usableKeySurvivesAlongsideSkippedOnes() throws JoseException, InvalidJwksException {
        KeySet set = parse(jwks(OctJwkGenerator.generateJwk(256).toParams(OutputControlLevel.INCLUDE_SYMMETRIC),
                publicParams(rsa)));

        assertEquals(1, set.usableCount());
        assertTrue(set.byKid("rsa-1").isPresent());
        assertEquals(1, set.skipped().size());
    }

    // --- private members ---

    @Test
    void dropsPrivateMembersOfRsaKey() throws InvalidJwksException {
        Map<String, Object> withPrivate = rsa.toParams(OutputControlLevel.INCLUDE_PRIVATE);
        assertTrue(withPrivate.containsKey("d"), "precondition: the JWK carries its private exponent");

        PublicJsonWebKey key = parse(jwks(withPrivate)).byKid("rsa-1").orElseThrow();

        assertNull(key.getPrivateKey());
        assertEquals(rsa.getPublicKey(), key.getPublicKey());
    }

    @Test
    void dropsPrivateMemberOfEcKey() throws InvalidJwksException {
        Map<String, Object> withPrivate = ec.toParams(OutputControlLevel.INCLUDE_PRIVATE);
        assertTrue(withPrivate.containsKey("d"), "precondition: the JWK carries its private scalar");

        PublicJsonWebKey key = parse(jwks(withPrivate)).byKid("ec-1").orElseThrow();

        assertNull(key.getPrivateKey());
        assertEquals(ec.getPublicKey(), key.getPublicKey());
    }

    @Test
    void keepsOnlyTheMembersVerificationUsesSoAKeptKeyPrintsWhateverTheDocumentHeld() throws InvalidJwksException {
        String deep = "[".repeat(20_000) + "]".repeat(20_000);
        Map<String, Object> params = with(with(publicParams(ec), "key_ops", List.of("verify", List.of("x"))), "x5t#S256", "t");
        String document = jwks(params).replace("\"x5t#S256\":\"t\"", "\"x5t#S256\":\"t\",\"extra\":" + deep);

        PublicJsonWebKey key = parse(document).byKid("ec-1").orElseThrow();

        assertEquals(ec.getPublicKey(), key.getPublicKey());
        assertEquals(Map.of("kty", "EC", "kid", "ec-1", "crv", "P-256", "x", publicParams(ec).get("x"), "y", publicParams(ec).get("y")),
                key.toParams(OutputControlLevel.PUBLIC_ONLY));
        assertTrue(key.toString().contains("ec-1"));
    }

    // --- skipped keys, each with its reason ---

    @Test
    void skipsSymmetricOctKeyWithReason() throws JoseException, InvalidJwksException {
        var oct = OctJwkGenerator.generateJwk(256);
        oct.setKeyId("hmac-1");

        KeySet set = parse(jwks(oct.toParams(OutputControlLevel.INCLUDE_SYMMETRIC)));

        assertEquals(0, set.usableCount());
        assertEquals(List.of(new KeySet.SkippedKey("hmac-1", "symmetric key (kty oct) not accepted")), set.skipped());
    }

    @Test
    void skipsEncryptionKey() throws InvalidJwksException {
        assertEquals("key use is not sig", skipReasonOf(with(publicParams(rsa), "use", "enc")));
    }

    @Test
    void skipsRsaKeyUnder2048Bits() throws JoseException, InvalidJwksException {
        RsaJsonWebKey weak = RsaJwkGenerator.generateJwk(1024);
        weak.setKeyId("weak-1");

        assertEquals("RSA key under 2048 bits", skipReasonOf(publicParams(weak)));
    }

    @Test
    void skipsRsaKeyWithPublicExponentBelowThree() throws InvalidJwksException {
        // The JDK's key factory refuses e < 3 itself; a native provider's (ACCP, installed first in the service) does not,
        // and the parser's own check refuses it then. Either way the key is never usable.
        for (String exponent : List.of("AQ", "Ag")) {
            String reason = skipReasonOf(with(publicParams(rsa), "e", exponent));
            assertTrue(reason.equals("malformed key parameters") || reason.equals("RSA public exponent not odd and at least 3"), reason);
        }
    }

    @Test
    void skipsRsaKeyWithAnEvenPublicExponent() throws InvalidJwksException {
        assertEquals("RSA public exponent not odd and at least 3", skipReasonOf(with(publicParams(rsa), "e", "AQAA")));
    }

    @Test
    void refusesAnExponentBelowThreeWithAccpInstalledFirst() throws InvalidJwksException {
        java.security.Provider accp = com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider.INSTANCE;
        org.junit.jupiter.api.Assumptions.assumeTrue(accp.getService("KeyFactory", "RSA") != null, "ACCP does not load here");
        boolean installed = java.security.Security.getProvider(accp.getName()) != null;
        java.security.Security.insertProviderAt(accp, 1);
        try {
            assertEquals("RSA public exponent not odd and at least 3", skipReasonOf(with(publicParams(rsa), "e", "AQ")));
        } finally {
            if (!installed) {
                java.security.Security.removeProvider(accp.getName());
            }
        }
    }

    @Test
    void skipsUnknownKeyType() throws InvalidJwksException {
        assertEquals("unsupported kty XYZ", skipReasonOf(with(publicParams(rsa), "kty", "XYZ")));
    }

    @Test
    void skipsKeyWithoutKty() throws InvalidJwksException {
        assertEquals("missing kty", skipReasonOf(without(publicParams(rsa), "kty")));
    }

    @Test
    void skipsEcKeyOnCurveOutsideTheJwsAlgorithms() throws InvalidJwksException {
        // The secp256k1 generator point: a well-formed key on a curve no accepted algorithm uses.
        Map<String, Object> secp256k1 = new LinkedHashMap<>();
        secp256k1.put("kty", "EC");
        secp256k1.put("kid", "k1-1");
        secp256k1.put("crv", "secp256k1");
        secp256k1.put("x", "eb5mfvncu6xVoGKVzocLBwKb_NstzijZWfKBWxb4F5g");
        secp256k1.put("y", "SDradyajxGVdpPv8DhEIqP0XtEimhVQZnEfQj_sQ1Lg");

        assertEquals("unsupported curve secp256k1", skipReasonOf(secp256k1));
    }

    @Test
    void skipsEcKeyOnUnknownCurveName() throws InvalidJwksException {
        assertEquals("malformed key parameters", skipReasonOf(with(publicParams(ec), "crv", "P-192")));
    }

    @Test
    void skipsX25519KeyAsNotASigningCurve() throws JoseException, InvalidJwksException {
        OctetKeyPairJsonWebKey x = OkpJwkGenerator.generateJwk(OctetKeyPairJsonWebKey.SUBTYPE_X25519);
        x.setKeyId("x-1");

        assertEquals("unsupported OKP subtype X25519", skipReasonOf(publicParams(x)));
    }

    @Test
    void skipsKeyDeclaringAlgNone() throws InvalidJwksException {
        assertEquals("key algorithm not accepted", skipReasonOf(with(publicParams(rsa), "alg", "none")));
    }

    @Test
    void skipsKeyDeclaringHs256() throws InvalidJwksException {
        assertEquals("key algorithm not accepted", skipReasonOf(with(publicParams(rsa), "alg", "HS256")));
    }

    @Test
    void skipsKeyDeclaringEncryptionAlgorithm() throws InvalidJwksException {
        assertEquals("key algorithm not accepted", skipReasonOf(with(publicParams(rsa), "alg", "RSA-OAEP")));
    }

    @Test
    void skipsKeyWhoseKeyOpsDoNotAllowVerify() throws InvalidJwksException {
        assertEquals("key_ops does not allow verify",
                skipReasonOf(with(publicParams(rsa), "key_ops", List.of("encrypt"))));
    }

    @Test
    void skipsKeyWithEmptyKid() throws InvalidJwksException {
        assertEquals("invalid kid", skipReasonOf(with(publicParams(rsa), "kid", "")));
    }

    @Test
    void skipsKeyWithKidLongerThan256() throws InvalidJwksException {
        assertEquals("invalid kid", skipReasonOf(with(publicParams(rsa), "kid", "k".repeat(257))));
    }

    @Test
    void skipsKeyWithNumericKid() throws InvalidJwksException {
        assertEquals("invalid kid", skipReasonOf(with(publicParams(rsa), "kid", 7)));
    }

    @Test
    void skipsRsaKeyMissingModulus() throws InvalidJwksException {
        assertEquals("malformed key parameters", skipReasonOf(without(publicParams(rsa), "n")));
    }

    @Test
    void skipsEntryThatIsNotAnObject() throws InvalidJwksException {
        KeySet set = parse(jwks("not-a-key", publicParams(rsa)));

        assertEquals(1, set.usableCount());
        assertEquals(List.of(new KeySet.SkippedKey(null, "entry is not a JSON object")), set.skipped());
    }

    @Test
    void skipsDuplicateKidAndKeepsTheFirst() throws InvalidJwksException {
        KeySet set = parse(jwks(publicParams(rsa), publicParams(otherRsa)));

        assertEquals(1, set.usableCount());
        assertEquals(rsa.getPublicKey(), set.byKid("rsa-1").orElseThrow().getPublicKey());
        assertEquals(List.of(new KeySet.SkippedKey("rsa-1", "duplicate kid")), set.skipped());
    }

    // --- documents that are refused outright ---

    @Test
    void refusesMoreThanMaxKeys() {
        List<Object> keys = new ArrayList<>();
        for (int i = 0; i <= MAX_KEYS; i++) {
            keys.add(with(publicParams(rsa), "kid", "rsa-" + i));
        }
        assertThrows(InvalidJwksException.class, () -> parse(jwks(keys.toArray())));
    }

    @Test
    void acceptsExactlyMaxKeys() throws InvalidJwksException {
        List<Object> keys = new ArrayList<>();
        for (int i = 0; i < MAX_KEYS; i++) {
            keys.add(with(publicParams(rsa), "kid", "rsa-" + i));
        }
        assertEquals(MAX_KEYS, parse(jwks(keys.toArray())).usableCount());
    }

    @Test
    void countsSkippedKeysTowardsMaxKeys() throws JoseException {
        List<Object> keys = new ArrayList<>();
        for (int i = 0; i <= MAX_KEYS; i++) {
            keys.add(OctJwkGenerator.generateJwk(256).toParams(OutputControlLevel.INCLUDE_SYMMETRIC));
        }
        assertThrows(InvalidJwksException.class, () -> parse(jwks(keys.toArray())));
    }

    @Test
    void refusesANumberOfThousandsOfDigitsWithoutParsingIt() {
        String digits = "9".repeat(60_000);  // within the size bound; 200,000 digits parsed as a BigInteger took over a second
        String document = "{\"keys\":[],\"x\":" + digits + "}";

        InvalidJwksException e = assertTimeoutPreemptively(Duration.ofMillis(500),
                () -> assertThrows(InvalidJwksException.class, () -> parse(document)));

        assertTrue(e.getMessage().contains("number"), e.getMessage());
    }

    @Test
    void refusesADocumentOverTheSizeBoundUnread() throws InvalidJwksException {
        String padding = ",\"x\":\"" + "A".repeat(MAX_CHARS) + "\"";
        String document = jwks(publicParams(rsa)).replaceFirst("}$", padding + "}");

        InvalidJwksException e = assertThrows(InvalidJwksException.class, () -> parse(document));

        assertTrue(e.getMessage().contains("longer than " + MAX_CHARS), e.getMessage());
        assertEquals(1, parse(jwks(publicParams(rsa))).usableCount(), "the same key set within the bound is kept");
    }

    @Test
    void readsDigitsInsideStringsAndShortNumbersAsUsual() throws InvalidJwksException {
        String document = jwks(with(publicParams(rsa), "x5t", "9".repeat(500))).replace("{\"keys\"", "{\"exp\":1893456000,\"keys\"");

        assertEquals(1, parse(document).usableCount());
    }

    @Test
    void refusesNonJsonBody() {
        assertThrows(InvalidJwksException.class, () -> parse("keys: none"));
    }

    @Test
    void refusesHtmlBody() {
        assertThrows(InvalidJwksException.class,
                () -> parse("<!doctype html><html><body><h1>Login</h1></body></html>"));
    }

    @Test
    void refusesEmptyBody() {
        assertThrows(InvalidJwksException.class, () -> parse(""));
    }

    @Test
    void refusesEmptyObject() {
        assertThrows(InvalidJwksException.class, () -> parse("{}"));
    }

    @Test
    void refusesJsonArrayBody() {
        String array = "[" + JsonUtil.toJson(publicParams(rsa)) + "]";
        assertThrows(InvalidJwksException.class, () -> parse(array));
    }

    @Test
    void refusesJsonNull() {
        assertThrows(InvalidJwksException.class, () -> parse("null"));
    }

    @Test
    void refusesKeysMemberThatIsNotAnArray() {
        assertThrows(InvalidJwksException.class, () -> parse("{\"keys\": {\"kty\": \"RSA\"}}"));
    }
}
