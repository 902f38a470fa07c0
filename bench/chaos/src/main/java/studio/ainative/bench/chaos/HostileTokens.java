package studio.ainative.bench.chaos;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Hostile bearer tokens for the hostile-load fault, one kind per {@link Attack}: everything about each is like the
 * IdP's valid token except the one thing its attack names (a fresh {@code jti} each, so that no two are alike and
 * no cache answers for the next). Those that need the IdP's own signature (expired, another audience, ...) come
 * from devkit ({@code /dev/tokens} with claims that override the standard ones) and are handed in; the rest are
 * built here, signed with a key of the suite's own where a signature is wanted.
 */
final class HostileTokens {

    /** The attacks, after the hostile-token cases the identity service must survive. */
    enum Attack {
        ALG_NONE("alg none / None / NONE / nOnE, empty signature"),
        HS256_WITH_PUBLIC_KEY("HS256, HMAC keyed with the IdP's public key (JWK, PEM or DER bytes)"),
        SIGNATURE_STRIPPED("the signature segment empty"),
        GARBAGE_SIGNATURE("random bytes as RS256 signature"),
        ES256_ZERO_SIGNATURE("ES256 with r = s = 0 under the IdP's kid"),
        FORGED_SIGNATURE("signed by another RSA key under the IdP's kid"),
        HOSTILE_KID("kid a path, SQL, or 300 characters"),
        UNKNOWN_KID("a random kid under the registered issuer"),
        KEY_URL_HEADERS("jku, x5u, an embedded jwk or an x5c of a key not the IdP's in the header"),
        CRIT_HEADER("crit naming an unknown extension"),
        DUPLICATE_MEMBERS("sub twice in the claims"),
        WRONG_SEGMENTS("2, 4 or 5 segments, padding, +/ characters, JSON serialization"),
        OVERSIZED_TOKEN("a token over 8 KiB"),
        OVERSIZED_HEADER("an Authorization header of 20 or 64 KiB"),
        NESTED_JSON("claims nested thousands deep"),
        BAD_CLAIM_SHAPES("exp 1e400, claims a JSON array, claims not JSON"),
        GARBAGE("random printable text, any scheme"),
        UNREGISTERED_ISSUER("a random issuer nobody registered, random kid"),
        EXPIRED("signed by the IdP, exp an hour ago"),
        WRONG_AUDIENCE("signed by the IdP, another audience"),
        NOT_YET_VALID("signed by the IdP, nbf in an hour"),
        EXP_NOT_A_NUMBER("signed by the IdP, exp a string"),
        ISSUER_VARIANT("signed by the IdP, iss with a trailing slash or in capitals");

        final String description;

        Attack(String description) {
            this.description = description;
        }

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** The attacks whose tokens devkit signs (with claims overridden), handed to the constructor. */
        static final Set<Attack> SIGNED_BY_THE_IDP = EnumSet.of(EXPIRED, WRONG_AUDIENCE, NOT_YET_VALID, EXP_NOT_A_NUMBER, ISSUER_VARIANT);

        /**
         * Attacks whose kid the registered issuer's JWKS does not hold: identity answers those 503 "identity
         * provider keys unavailable" while no JWKS refetch is allowed (one a provider per 30 s), as documented.
         */
        static final Set<Attack> KID_UNKNOWN_TO_THE_IDP = EnumSet.of(HOSTILE_KID, UNKNOWN_KID);
    }

    /** One hostile request: its attack and the whole Authorization header value. */
    record Hostile(Attack attack, String authorization) {

        /** The token as an introspecting service would pass it on: the header less its scheme. */
        String token() {
            return authorization.regionMatches(true, 0, "Bearer ", 0, 7) ? authorization.substring(7) : authorization;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final String[] NONE = {"none", "None", "NONE", "nOnE"};
    private static final String[] KIDS = {"../../dev/null", "/etc/passwd", "' OR '1'='1' --", "\"; DROP TABLE providers; --", "x".repeat(300)};
    private static final String PRINTABLE = "!#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~";
    private static final int TOKEN_LIMIT = 8192;

    private final String kid;
    private final String issuer;
    private final Map<String, Object> claims;
    private final List<byte[]> publicKeySecrets;
    private final Map<Attack, List<String>> signedByTheIdp;
    private final KeyPair ownKey;
    private final String oversized20k;
    private final String oversized64k;

    /**
     * @param validToken a token the IdP signed, whose header and claims the hostile ones copy
     * @param idpJwk the IdP's public key of that token's kid, as its JWKS publishes it (RSA: n, e)
     * @param signedByTheIdp tokens devkit signed for each attack of {@link Attack#SIGNED_BY_THE_IDP}
     */
    @SuppressWarnings("unchecked")
    HostileTokens(String validToken, Map<String, Object> idpJwk, Map<Attack, List<String>> signedByTheIdp) throws Exception {
        String[] parts = validToken.split("\\.");
        Map<String, Object> header = JSON.readValue(Base64.getUrlDecoder().decode(parts[0]), Map.class);
        this.kid = (String) header.get("kid");
        this.claims = JSON.readValue(Base64.getUrlDecoder().decode(parts[1]), LinkedHashMap.class);
        this.issuer = (String) claims.get("iss");
        for (Attack attack : Attack.SIGNED_BY_THE_IDP) {
            if (signedByTheIdp.getOrDefault(attack, List.of()).isEmpty()) {
                throw new IllegalArgumentException("no IdP-signed token for " + attack);
            }
        }
        this.signedByTheIdp = Map.copyOf(signedByTheIdp);
        var publicKey = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                new BigInteger(1, Base64.getUrlDecoder().decode((String) idpJwk.get("n"))),
                new BigInteger(1, Base64.getUrlDecoder().decode((String) idpJwk.get("e")))));
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(publicKey.getEncoded()) + "\n-----END PUBLIC KEY-----\n";
        this.publicKeySecrets = List.of(JSON.writeValueAsBytes(idpJwk), pem.getBytes(StandardCharsets.US_ASCII), publicKey.getEncoded());
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        this.ownKey = generator.generateKeyPair();
        this.oversized20k = "Bearer " + "A".repeat(20 * 1024);
        this.oversized64k = "Bearer " + "A".repeat(64 * 1024);
    }

    String issuer() {
        return issuer;
    }

    /** The {@code n}-th hostile request: the attacks in turn, each token different. */
    Hostile next(long n, Random random) throws GeneralSecurityException, JsonProcessingException {
        Attack[] attacks = Attack.values();
        Attack attack = attacks[(int) (n % attacks.length)];
        return new Hostile(attack, authorization(attack, random));
    }

    String authorization(Attack attack, Random random) throws GeneralSecurityException, JsonProcessingException {
        if (Attack.SIGNED_BY_THE_IDP.contains(attack)) {
            List<String> tokens = signedByTheIdp.get(attack);
            return "Bearer " + tokens.get(random.nextInt(tokens.size()));
        }
        return switch (attack) {
            case ALG_NONE -> bearer(unsigned(header(NONE[random.nextInt(NONE.length)], kid), claims(random)) + ".");
            case HS256_WITH_PUBLIC_KEY -> {
                String input = unsigned(header("HS256", kid), claims(random));
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(publicKeySecrets.get(random.nextInt(publicKeySecrets.size())), "HmacSHA256"));
                yield bearer(input + "." + B64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII))));
            }
            case SIGNATURE_STRIPPED -> bearer(unsigned(header("RS256", kid), claims(random)) + ".");
            case GARBAGE_SIGNATURE -> {
                byte[] signature = new byte[random.nextBoolean() ? 256 : 1 + random.nextInt(300)];
                random.nextBytes(signature);
                yield bearer(unsigned(header("RS256", kid), claims(random)) + "." + B64.encodeToString(signature));
            }
            case ES256_ZERO_SIGNATURE -> bearer(unsigned(header("ES256", kid), claims(random)) + "." + B64.encodeToString(new byte[64]));
            case FORGED_SIGNATURE -> bearer(signed(header("RS256", kid), claims(random)));
            case HOSTILE_KID -> bearer(signed(header("RS256", KIDS[random.nextInt(KIDS.length)]), claims(random)));
            case UNKNOWN_KID -> bearer(signed(header("RS256", "kid-" + Long.toHexString(random.nextLong())), claims(random)));
            case KEY_URL_HEADERS -> {
                Map<String, Object> header = header("RS256", kid);
                switch (random.nextInt(4)) {
                    case 0 -> header.put("jku", "http://127.0.0.1:1/jwks.json");
                    case 1 -> header.put("x5u", "http://169.254.169.254/latest/meta-data/");
                    case 2 -> header.put("jwk", Map.of("kty", "RSA", "kid", kid, "n", "AQAB", "e", "AQAB"));
                    default -> header.put("x5c", List.of(Base64.getEncoder().encodeToString(ownKey.getPublic().getEncoded())));
                }
                yield bearer(signed(header, claims(random)));
            }
            case CRIT_HEADER -> {
                Map<String, Object> header = header("RS256", kid);
                header.put("crit", List.of("https://example.com/ext"));
                header.put("https://example.com/ext", true);
                yield bearer(signed(header, claims(random)));
            }
            case DUPLICATE_MEMBERS -> {
                String json = JSON.writeValueAsString(claims(random));
                String duplicated = "{\"sub\":\"user-test-someone-else\"," + json.substring(1);
                yield bearer(signedRaw(JSON.writeValueAsString(header("RS256", kid)), duplicated));
            }
            case WRONG_SEGMENTS -> bearer(wrongSegments(random));
            case OVERSIZED_TOKEN -> {
                Map<String, Object> big = claims(random);
                big.put("pad", "p".repeat(TOKEN_LIMIT));
                yield bearer(signed(header("RS256", kid), big));
            }
            case OVERSIZED_HEADER -> random.nextBoolean() ? oversized20k : oversized64k;
            case NESTED_JSON -> {
                // Under the 8 KiB limit, so that the decoder, not the size check, meets it.
                int depth = 1_000 + random.nextInt(1_000);
                String nested = random.nextBoolean() ? "[".repeat(depth) + "1" + "]".repeat(depth)
                        : "{\"a\":".repeat(depth / 3) + "1" + "}".repeat(depth / 3);
                String payload = "{\"iss\":" + JSON.writeValueAsString(issuer) + ",\"n\":" + nested + "}";
                yield bearer(B64.encodeToString(JSON.writeValueAsBytes(header("RS256", kid))) + "."
                        + B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + B64.encodeToString(new byte[256]));
            }
            case BAD_CLAIM_SHAPES -> {
                String payload = switch (random.nextInt(3)) {
                    case 0 -> JSON.writeValueAsString(claims(random)).replaceFirst("\"exp\":\\d+", "\"exp\":1e400");
                    case 1 -> "[" + JSON.writeValueAsString(claims(random)) + "]";
                    default -> "not json " + Long.toHexString(random.nextLong());
                };
                yield bearer(signedRaw(JSON.writeValueAsString(header("RS256", kid)), payload));
            }
            case GARBAGE -> garbage(random);
            case UNREGISTERED_ISSUER -> {
                Map<String, Object> claims = claims(random);
                claims.put("iss", "https://idp-" + Long.toHexString(random.nextLong()) + ".example.com/");
                yield bearer(signed(header("RS256", "kid-" + Long.toHexString(random.nextLong())), claims));
            }
            default -> throw new IllegalStateException("no token for " + attack);
        };
    }

    private static String bearer(String token) {
        return "Bearer " + token;
    }

    private static Map<String, Object> header(String alg, String kid) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", alg);
        header.put("typ", "JWT");
        header.put("kid", kid);
        return header;
    }

    /** The valid token's claims with a fresh jti. */
    private Map<String, Object> claims(Random random) {
        Map<String, Object> copy = new LinkedHashMap<>(claims);
        copy.put("jti", "hostile-" + Long.toHexString(random.nextLong()));
        return copy;
    }

    private static String unsigned(Map<String, Object> header, Map<String, Object> claims) throws JsonProcessingException {
        return B64.encodeToString(JSON.writeValueAsBytes(header)) + "." + B64.encodeToString(JSON.writeValueAsBytes(claims));
    }

    private String signed(Map<String, Object> header, Map<String, Object> claims) throws GeneralSecurityException, JsonProcessingException {
        return signedRaw(JSON.writeValueAsString(header), JSON.writeValueAsString(claims));
    }

    /** header and payload as given (any text), RS256-signed with the suite's own key. */
    private String signedRaw(String header, String payload) throws GeneralSecurityException {
        String input = B64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "." + B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(ownKey.getPrivate());
        rsa.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + B64.encodeToString(rsa.sign());
    }

    private String wrongSegments(Random random) throws GeneralSecurityException, JsonProcessingException {
        String token = signed(header("RS256", kid), claims(random));
        String[] parts = token.split("\\.");
        return switch (random.nextInt(6)) {
            case 0 -> parts[0] + "." + parts[1];
            case 1 -> token + "." + parts[2];
            case 2 -> parts[0] + ".AAAA." + parts[1] + ".BBBB." + parts[2];
            case 3 -> parts[0] + "=." + parts[1] + "==." + parts[2];
            case 4 -> token.replace('-', '+').replace('_', '/') + "+/";
            default -> B64.encodeToString(("{\"payload\":\"" + parts[1] + "\",\"signatures\":[{\"protected\":\"" + parts[0]
                    + "\",\"signature\":\"" + parts[2] + "\"}]}").getBytes(StandardCharsets.UTF_8));
        };
    }

    private static String garbage(Random random) {
        StringBuilder text = new StringBuilder();
        int length = 1 + random.nextInt(random.nextInt(10) == 0 ? 4_000 : 200);
        for (int i = 0; i < length; i++) {
            text.append(PRINTABLE.charAt(random.nextInt(PRINTABLE.length())));
        }
        return switch (random.nextInt(5)) {
            case 0 -> "Basic " + text;
            case 1 -> "Bearer";
            case 2 -> "bearer " + text;
            default -> "Bearer " + text;
        };
    }
}
