package studio.ainative.identity.jwks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.OctetKeyPairJsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.Test;
import studio.ainative.platform.testing.fuzz.Corpus;
import studio.ainative.platform.testing.fuzz.Fuzz;
import studio.ainative.platform.testing.fuzz.FuzzReport;
import studio.ainative.platform.testing.fuzz.HostileJson;
import studio.ainative.platform.testing.fuzz.HostileJson.Member;

/**
 * Fuzzes {@link JwksParser} with JWKS documents: random JSON, mutated real documents (corpus
 * {@code fuzz/jwks/}), and hostile keys (tiny or huge RSA moduli, even or unit exponents, unknown curves,
 * points off the curve, private members, duplicate kids, more keys than allowed). Every document is parsed
 * or refused with {@link InvalidJwksException}, within 100 ms (documents past the size bound, megabytes of
 * hostile strings, included: they are refused unread); a parsed set accounts for every entry and
 * holds only keys the parser promises to keep.
 */
class JwksParserFuzzTest {

    /** The service's default ({@code identity.jwks.max-keys}). */
    private static final int MAX_KEYS = 50;
    /** The service's default ({@code identity.jwks.max-bytes}): longer documents are refused unread. */
    private static final int MAX_CHARS = 65_536;
    private static final Instant FETCHED = Instant.parse("2030-01-01T00:00:00Z");
    private static final List<String> KEY_MEMBERS = List.of("kty", "use", "alg", "kid", "key_ops", "n", "e", "crv", "x", "y",
            "d", "p", "q", "dp", "dq", "qi", "oth", "k", "x5c", "x5t#S256");
    private static final String[] CURVES = {"P-256", "P-384", "P-521", "P-192", "secp256k1", "Ed25519", "Ed448", "X25519", "X448", ""};
    private static final String[] KTYS = {"RSA", "EC", "OKP", "oct", "rsa", "RSA-PSS", ""};

    private final JwksParser parser = new JwksParser(MAX_KEYS, MAX_CHARS);

    @Test
    void everyDocumentIsParsedOrRefusedAsDocumentedWithin100Milliseconds() {
        FuzzReport report = Fuzz.of("jwks", JwksParserFuzzTest::document, this::parseAndCheck, Fuzz.oneOf(InvalidJwksException.class))
                .run();
        assertTrue(report.refused() < report.inputs(), "no document was parsed: the generator never reached the keys");
    }

    private void parseAndCheck(String json) throws InvalidJwksException {
        KeySet set = parser.parse(json, FETCHED, FETCHED.plusSeconds(300));
        int entries = ((List<?>) parsedKeys(json)).size();
        assertEquals(entries, set.byKid().size() + set.withoutKid().size() + set.skipped().size(), "an entry was lost");
        set.byKid().forEach((kid, key) -> {
            assertEquals(kid, key.getKeyId());
            assertUsable(key);
        });
        set.withoutKid().forEach(JwksParserFuzzTest::assertUsable);
    }

    private static Object parsedKeys(String json) {
        try {
            return JsonUtil.parseJson(json).get("keys");
        } catch (JoseException e) {
            throw new AssertionError("parsed by the parser, not by jose4j", e);
        }
    }

    /** What the parser promises of a kept key: public only, RSA of 2048+ bits with an odd e ≥ 3, a known curve. */
    private static void assertUsable(PublicJsonWebKey key) {
        assertNull(key.getPrivateKey(), "kept a private key");
        if (key instanceof RsaJsonWebKey rsa) {
            assertTrue(rsa.getRsaPublicKey().getModulus().bitLength() >= JwksParser.MIN_RSA_BITS, "kept a short RSA key");
            BigInteger e = rsa.getRsaPublicKey().getPublicExponent();
            assertTrue(e.testBit(0) && e.compareTo(BigInteger.valueOf(3)) >= 0, () -> "kept an RSA key with exponent " + e);
        } else if (key instanceof EllipticCurveJsonWebKey ec) {
            assertTrue(List.of("P-256", "P-384", "P-521").contains(ec.getCurveName()), () -> "kept curve " + ec.getCurveName());
        } else {
            assertTrue(key instanceof OctetKeyPairJsonWebKey okp && List.of("Ed25519", "Ed448").contains(okp.getSubtype()),
                    () -> "kept " + key);
        }
    }

    // --- generator -------------------------------------------------------------------------------

    static String document(Random r, Corpus corpus) {
        int strategy = r.nextInt(10);
        if (strategy == 0) {
            return r.nextBoolean() ? HostileJson.value(r, 4) : HostileJson.randomText(r, r.nextInt(500));
        }
        if (strategy == 1) {
            return HostileJson.mutateText(r, corpus.pick(r));
        }
        int n = r.nextInt(20) == 0 ? MAX_KEYS - 2 + r.nextInt(5) : 1 + r.nextInt(5);
        List<String> keys = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            keys.add(key(r, corpus, keys));
        }
        String document = "{\"keys\":[" + String.join(",", keys) + "]}";
        return r.nextInt(10) == 0 ? HostileJson.mutateObject(r, document, List.of("keys")) : document;
    }

    /** A key from a seed document, edited: a member set to a hostile value, or generic hostile edits. */
    private static String key(Random r, Corpus corpus, List<String> earlier) {
        if (!earlier.isEmpty() && r.nextInt(10) == 0) {
            return earlier.get(r.nextInt(earlier.size()));  // the same key (and kid) twice
        }
        String key = seedKey(r, corpus);
        if (r.nextInt(5) == 0) {
            return key;
        }
        List<Member> members = HostileJson.members(key);
        if (members == null || r.nextInt(4) == 0) {
            return HostileJson.mutateObject(r, key, KEY_MEMBERS);
        }
        String name = KEY_MEMBERS.get(r.nextInt(KEY_MEMBERS.size()));
        String value = switch (name) {
            case "n", "e", "x", "y", "d", "p", "q", "k" -> r.nextInt(5) == 0 ? HostileJson.value(r, 1) : HostileJson.quote(randomBase64(r));
            case "crv" -> HostileJson.quote(CURVES[r.nextInt(CURVES.length)]);
            case "kty" -> HostileJson.quote(KTYS[r.nextInt(KTYS.length)]);
            default -> HostileJson.value(r, 2);
        };
        members.removeIf(m -> m.name().equals(name) && r.nextInt(5) > 0);
        members.add(new Member(name, value));
        return HostileJson.write(members);
    }

    /** The object keys of the corpus's documents, read once (a seed may take the parser long: that is why it is a seed). */
    private static volatile List<String> seedKeys;

    /** One key of a seed document; a small RSA key one time in ten. */
    private static String seedKey(Random r, Corpus corpus) {
        List<String> keys = seedKeys;
        if (keys == null) {
            seedKeys = keys = keysOf(corpus);
        }
        return r.nextInt(10) == 0 || keys.isEmpty() ? "{\"kty\":\"RSA\",\"n\":\"" + randomBase64(r) + "\",\"e\":\"AQAB\"}"
                : keys.get(r.nextInt(keys.size()));
    }

    private static List<String> keysOf(Corpus corpus) {
        List<String> keys = new ArrayList<>();
        for (String seed : corpus.seeds()) {
            try {
                Map<String, Object> document = JwksParser.hasLongNumber(seed) ? null : JsonUtil.parseJson(seed);
                if (document != null && document.get("keys") instanceof List<?> list) {
                    list.stream().filter(Map.class::isInstance).forEach(key -> keys.add(HostileJson.raw(key)));
                }
            } catch (JoseException | RuntimeException notAJwks) {
                // a seed that is no JWKS has no keys to lend
            }
        }
        return List.copyOf(keys);
    }

    /** base64url of 0 to 1,100 random bytes: moduli from nothing to 8,800 bits, coordinates of any length. */
    private static String randomBase64(Random r) {
        byte[] bytes = new byte[r.nextInt(4) == 0 ? r.nextInt(1_100) : r.nextInt(70)];
        r.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
