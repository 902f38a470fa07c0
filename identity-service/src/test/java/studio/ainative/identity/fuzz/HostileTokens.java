package studio.ainative.identity.fuzz;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey.OutputControlLevel;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.lang.JoseException;
import studio.ainative.platform.testing.fuzz.Corpus;
import studio.ainative.platform.testing.fuzz.HostileJson;
import studio.ainative.platform.testing.fuzz.HostileJson.Member;

/**
 * Hostile compact JWS for the fuzzers: random text, mutated valid tokens (segments spliced, base64url
 * bent, dots and padding added), and tokens whose header and claims carry hostile values (TOKEN-ATTACKS.md:
 * alg none, HS256 keyed with the public key, crit, jku/x5u/jwk/x5c, dates past any range, duplicate members,
 * deep nesting, huge strings, non-object JSON) yet are signed with the provider's real key, so that they get
 * past the signature to the claim checks.
 *
 * <p>Seeds of the corpus ({@code fuzz/token/}) are either a raw token (one line) or a template: the header
 * JSON on the first line, the payload JSON on the second, optionally a signing mode on the third
 * ({@code sign}: as the header's alg says, the default; {@code none}: empty signature; {@code hs256-public}:
 * HMAC keyed with the public key; {@code garbage}). Templates name the provider's values as {@code ${ISS}},
 * {@code ${AUD}}, {@code ${KID}} (RSA), {@code ${EC_KID}}, {@code ${NOW}} (also {@code ${NOW-31}}, {@code ${NOW+3600}}), {@code ${EXP}}
 * (now + 10 min) and {@code ${IAT}} (now − 1 h).
 */
public final class HostileTokens {

    /** The provider the tokens pretend to come from. */
    public record Provider(String issuer, String audience, RsaJsonWebKey rsa, EllipticCurveJsonWebKey ec, long nowSeconds) {
    }

    private static final List<String> HEADER_NAMES = List.of("alg", "kid", "typ", "crit", "jku", "x5u", "jwk", "x5c", "cty", "b64", "zip", "enc");
    private static final List<String> CLAIM_NAMES = List.of("iss", "aud", "sub", "exp", "nbf", "iat", "jti", "email_verified",
            "https://stytch.com/session", "azp", "scope");
    private static final String[] ALGS = {"none", "None", "NONE", "nOnE", "HS256", "HS512", "RS256", "RS384", "RS512", "PS256",
        "ES256", "ES384", "ES512", "EdDSA", "ES256K", "", "rs256", "RSA-OAEP"};
    private static final String BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    private final Provider provider;
    private final byte[] publicKeyJson;

    public HostileTokens(Provider provider) {
        this.provider = provider;
        this.publicKeyJson = provider.rsa().toJson(OutputControlLevel.PUBLIC_ONLY).getBytes(StandardCharsets.UTF_8);
    }

    /** One hostile token. */
    public String next(Random r, Corpus corpus) {
        int strategy = r.nextInt(20);
        if (strategy < 2) {
            return randomText(r);
        }
        if (strategy < 8) {
            return mutateCompact(r, r.nextBoolean() ? seedInput(corpus.pick(r)) : validToken(), corpus);
        }
        if (strategy < 18) {
            return structured(r, corpus);
        }
        return validToken();
    }

    /** A corpus seed as a token: templates are filled in and signed, raw tokens returned as they are. */
    public String seedInput(String seed) {
        String[] lines = seed.split("\n", -1);
        if (!isTemplate(lines)) {
            return seed.endsWith("\n") ? seed.substring(0, seed.length() - 1) : seed;
        }
        String mode = lines.length > 2 && !lines[2].isBlank() ? lines[2].strip() : "sign";
        return sign(fill(lines[0]), fill(lines[1]), mode);
    }

    private static boolean isTemplate(String[] lines) {
        return lines.length >= 2 && lines[0].startsWith("{") && !lines[1].isEmpty();
    }

    /** A token every check accepts. */
    public String validToken() {
        return sign(fill(VALID_HEADER), fill(VALID_CLAIMS), "sign");
    }

    private static final String VALID_HEADER = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"${KID}\"}";
    private static final String VALID_CLAIMS = "{\"iss\":\"${ISS}\",\"sub\":\"user-test-1\",\"aud\":[\"${AUD}\"],\"iat\":${IAT},"
            + "\"nbf\":${IAT},\"exp\":${EXP},\"email_verified\":true}";

    private static final Pattern NOW_OFFSET = Pattern.compile("\\$\\{NOW([+-]\\d+)?}");

    private String fill(String template) {
        long now = provider.nowSeconds();
        String filled = template.replace("${ISS}", provider.issuer()).replace("${AUD}", provider.audience())
                .replace("${KID}", provider.rsa().getKeyId())
                .replace("${EC_KID}", provider.ec() == null ? "no-ec-key" : provider.ec().getKeyId())
                .replace("${EXP}", Long.toString(now + 600)).replace("${IAT}", Long.toString(now - 3600));
        return NOW_OFFSET.matcher(filled).replaceAll(m -> Long.toString(now + (m.group(1) == null ? 0 : Long.parseLong(m.group(1)))));
    }

    // --- strategies ----------------------------------------------------------------------------------

    private static String randomText(Random r) {
        int length = r.nextInt(r.nextInt(10) == 0 ? 12_000 : 400);
        if (r.nextBoolean()) {
            return HostileJson.randomText(r, length);
        }
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(r.nextInt(30) == 0 ? '.' : BASE64URL.charAt(r.nextInt(BASE64URL.length())));
        }
        return s.toString();
    }

    /** One to four edits of a token's text that a careless decoder might tolerate. */
    private String mutateCompact(Random r, String token, Corpus corpus) {
        String t = token;
        for (int edits = 1 + r.nextInt(4); edits > 0; edits--) {
            int at = t.isEmpty() ? 0 : r.nextInt(t.length());
            t = switch (r.nextInt(12)) {
                case 0 -> t.isEmpty() ? t : t.substring(0, at) + BASE64URL.charAt(r.nextInt(64)) + t.substring(at + 1);
                case 1 -> t.substring(0, at) + t.substring(Math.min(t.length(), at + 1));
                case 2 -> t.substring(0, at) + BASE64URL.charAt(r.nextInt(64)) + t.substring(at);
                case 3 -> t.substring(0, at) + "." + t.substring(at);
                case 4 -> t.replace(r.nextBoolean() ? '-' : '_', r.nextBoolean() ? '+' : '/');
                case 5 -> padSegments(r, t);
                case 6 -> splice(r, t, seedInput(corpus.pick(r)));
                case 7 -> segmentsShuffled(r, t);
                case 8 -> t + "." + b64(HostileJson.value(r, 2));
                case 9 -> t.substring(0, at);
                case 10 -> t + BASE64URL.repeat(1 + r.nextInt(200));
                default -> t.replace(".", r.nextBoolean() ? ".." : " .");
            };
        }
        return t;
    }

    private static String padSegments(Random r, String t) {
        String[] segments = t.split("\\.", -1);
        int i = r.nextInt(segments.length);
        segments[i] = segments[i] + "=".repeat(1 + r.nextInt(3));
        return String.join(".", segments);
    }

    /** Segments of two tokens mixed: header of one, payload or signature of the other. */
    private static String splice(Random r, String a, String b) {
        String[] x = a.split("\\.", -1);
        String[] y = b.split("\\.", -1);
        int i = r.nextInt(x.length);
        x[i] = y[r.nextInt(y.length)];
        return String.join(".", x);
    }

    private static String segmentsShuffled(Random r, String t) {
        List<String> segments = new ArrayList<>(List.of(t.split("\\.", -1)));
        switch (r.nextInt(3)) {
            case 0 -> segments.add(segments.get(r.nextInt(segments.size())));
            case 1 -> segments.remove(r.nextInt(segments.size()));
            default -> java.util.Collections.swap(segments, r.nextInt(segments.size()), r.nextInt(segments.size()));
        }
        return String.join(".", segments);
    }

    /**
     * A header and claims (from a template seed, or the valid ones) with hostile edits, signed as the
     * header's alg says with the provider's real key, so they reach the claim checks.
     */
    private String structured(Random r, Corpus corpus) {
        String header = fill(VALID_HEADER);
        String payload = fill(VALID_CLAIMS);
        String mode = "sign";
        String seed = corpus.pick(r);
        String[] lines = seed.split("\n", -1);
        if (r.nextBoolean() && isTemplate(lines)) {
            header = fill(lines[0]);
            payload = fill(lines[1]);
            mode = lines.length > 2 && !lines[2].isBlank() ? lines[2].strip() : mode;
        }
        int what = r.nextInt(10);
        if (what < 3) {
            header = editHeader(r, header);
        } else if (what < 9) {
            payload = editClaims(r, payload);
        } else {
            header = editHeader(r, header);
            payload = editClaims(r, payload);
        }
        if (r.nextInt(8) == 0) {
            mode = new String[] {"none", "hs256-public", "garbage", "sign"}[r.nextInt(4)];
        }
        return sign(header, payload, mode);
    }

    private String editHeader(Random r, String header) {
        if (r.nextInt(4) > 0) {
            List<Member> members = HostileJson.members(header);
            if (members != null) {
                String name = HEADER_NAMES.get(r.nextInt(HEADER_NAMES.size()));
                String value = switch (name) {
                    case "alg" -> HostileJson.quote(ALGS[r.nextInt(ALGS.length)]);
                    case "crit" -> r.nextBoolean() ? "[\"exp\"]" : r.nextBoolean() ? "[]" : "[\"b64\",\"urn:x\"]";
                    case "jku", "x5u" -> HostileJson.quote("http://169.254.169.254/latest/" + r.nextInt(9));
                    case "jwk" -> new String(publicKeyJson, StandardCharsets.UTF_8);
                    case "kid" -> r.nextBoolean() ? HostileJson.quote("../../dev/null") : HostileJson.value(r, 1);
                    default -> HostileJson.value(r, 2);
                };
                set(members, name, value, r.nextInt(5) == 0);
                return HostileJson.write(members);
            }
        }
        return HostileJson.mutateObject(r, header, HEADER_NAMES);
    }

    private String editClaims(Random r, String payload) {
        return switch (r.nextInt(8)) {
            case 0 -> HostileJson.value(r, 3);
            case 1 -> {
                List<Member> members = HostileJson.members(payload);
                if (members == null) {
                    yield HostileJson.mutateText(r, payload);
                }
                String name = new String[] {"exp", "nbf", "iat"}[r.nextInt(3)];
                String value = r.nextBoolean() ? HostileJson.number(r)
                        : Long.toString(provider.nowSeconds() + (r.nextInt(200) - 100) * (r.nextBoolean() ? 1 : 60));
                set(members, name, value, r.nextInt(6) == 0);
                yield HostileJson.write(members);
            }
            case 2 -> {
                List<Member> members = HostileJson.members(payload);
                if (members == null) {
                    yield HostileJson.mutateText(r, payload);
                }
                members.add(new Member(r.nextBoolean() ? "nested" : "https://stytch.com/session", HostileJson.deepNesting(r)));
                yield HostileJson.write(members);
            }
            default -> HostileJson.mutateObject(r, payload, CLAIM_NAMES);
        };
    }

    /** Sets a member (or, when {@code duplicate}, adds a second one of that name). */
    private static void set(List<Member> members, String name, String rawValue, boolean duplicate) {
        if (!duplicate) {
            for (int i = 0; i < members.size(); i++) {
                if (members.get(i).name().equals(name)) {
                    members.set(i, new Member(name, rawValue));
                    return;
                }
            }
        }
        members.add(new Member(name, rawValue));
    }

    // --- signing -------------------------------------------------------------------------------------

    /** header.payload signed by {@code mode}; "sign" uses the provider's key that the header's alg asks for. */
    public String sign(String headerJson, String payloadJson, String mode) {
        String input = b64(headerJson) + "." + b64(payloadJson);
        byte[] signature = switch (mode) {
            case "none" -> new byte[0];
            case "garbage" -> payloadJson.getBytes(StandardCharsets.UTF_8);
            case "hs256-public" -> hmac(input);
            case "sign" -> signAs(algOf(headerJson), input);
            default -> throw new IllegalArgumentException("unknown signing mode " + mode);
        };
        return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
    }

    private static String algOf(String headerJson) {
        try {
            Map<String, Object> header = JsonUtil.parseJson(headerJson);
            return header != null && header.get("alg") instanceof String alg ? alg : "RS256";
        } catch (JoseException | RuntimeException e) {
            return "RS256";
        }
    }

    private byte[] signAs(String alg, String input) {
        return switch (alg) {
            case "none", "None", "NONE", "nOnE" -> new byte[0];
            case "HS256", "HS512" -> hmac(input);
            case "ES256", "ES384", "ES512", "ES256K" -> provider.ec() == null ? hmac(input)
                    : jca("SHA" + (alg.startsWith("ES256") ? "256" : alg.substring(2)) + "withECDSAinP1363Format", provider.ec().getPrivateKey(), input);
            case "RS384", "RS512" -> jca("SHA" + alg.substring(2) + "withRSA", provider.rsa().getRsaPrivateKey(), input);
            default -> jca("SHA256withRSA", provider.rsa().getRsaPrivateKey(), input);
        };
    }

    private static byte[] jca(String algorithm, PrivateKey key, String input) {
        try {
            Signature signature = Signature.getInstance(algorithm);
            signature.initSign(key);
            signature.update(input.getBytes(StandardCharsets.US_ASCII));
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm, e);
        }
    }

    /** HS256 keyed with the provider's public key as JSON: the algorithm-confusion attack. */
    private byte[] hmac(String input) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(publicKeyJson, "HmacSHA256"));
            return mac.doFinal(input.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(String utf8) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(utf8.getBytes(StandardCharsets.UTF_8));
    }
}
