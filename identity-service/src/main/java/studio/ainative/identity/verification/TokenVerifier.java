package studio.ainative.identity.verification;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jose4j.jca.ProviderContext;
import org.jose4j.jwa.AlgorithmFactory;
import org.jose4j.jwa.AlgorithmFactoryFactory;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignatureAlgorithm;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.AudValidator;
import org.jose4j.jwt.consumer.ErrorCodeValidator;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.IssValidator;
import org.jose4j.jwt.consumer.JtiValidator;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.jwt.consumer.NumericDateValidator;
import org.jose4j.jwt.consumer.SubValidator;
import org.jose4j.jwx.HeaderParameterNames;
import org.jose4j.lang.JoseException;
import studio.ainative.identity.jwks.KeySet;

/**
 * The JWT verification pipeline, free of any framework so it can be unit-tested and benchmarked.
 * jose4j does the JOSE work that is cryptography or claim semantics (signature algorithms and their key
 * checks, the registered claims' validators); Jackson decodes the JSON, refusing duplicate members. This
 * class orders the checks and refuses what those would otherwise tolerate.
 *
 * <p>Two passes, as jose4j recommends when the key depends on the content: {@link #parse} decodes
 * without trusting anything so the issuer can select the provider, {@link #verify} then checks the
 * signature with that provider's key and validates every claim. The decoding is Jackson's; the
 * signature algorithms and the registered-claim validators are jose4j's.
 */
public final class TokenVerifier {

    /** Header members that point at keys elsewhere; we only ever use the provider's registered JWKS. */
    private static final List<String> KEY_REFERENCE_HEADERS = List.of(
            HeaderParameterNames.JWK_SET_URL, HeaderParameterNames.X509_URL,
            HeaderParameterNames.JWK, HeaderParameterNames.X509_CERTIFICATE_CHAIN);

    /** 9999-12-31T23:59:59Z: any NumericDate beyond this is nonsense (or an overflow attempt such as 1e400). */
    private static final double MAX_NUMERIC_DATE = 253_402_300_799d;

    private static final int MAX_KID_LENGTH = 256;
    private static final int MAX_CLAIM_DEPTH = 16;

    /**
     * Decodes the header and the claims: strict JSON (no comments, no NaN, no trailing content), duplicate members
     * refused (the first and the last {@code sub} must not be two different users to two readers), integers as
     * {@code Long} as jose4j's own parser gives them, nothing nested deeper than {@link #MAX_CLAIM_DEPTH}.
     */
    private static final JsonSegment JSON = new JsonSegment(MAX_CLAIM_DEPTH);

    /** jose4j's signature algorithms (key checks, RSA, RSASSA-PSS, ECDSA with its JOSE encoding, EdDSA). */
    private static final AlgorithmFactory<JsonWebSignatureAlgorithm> SIGNATURES =
            AlgorithmFactoryFactory.getInstance().getJwsAlgorithmFactory();
    private static final ProviderContext JCA = new ProviderContext();

    private final int maxTokenBytes;

    public TokenVerifier(int maxTokenBytes) {
        this.maxTokenBytes = maxTokenBytes;
    }

    /**
     * Structural checks, then an untrusted decode. Rejects JWE, JSON serialization, padding, oversize, nested tokens,
     * key references and {@code crit}. The header and claims are decoded once, with Jackson, and jose4j later checks
     * the signature and the standard claims of this decoded form: jose4j's own JSON parser allocates two 16 K-char
     * buffers per call, most of what a verification allocated.
     */
    public UnverifiedToken parse(String token) throws TokenRejectedException {
        Compact compact = compactShape(token);
        byte[] ascii = compact.ascii();
        int first = compact.firstDot();
        int second = compact.secondDot();
        Map<String, Object> header = jsonObject(ascii, 0, first);
        Map<String, Object> claimsMap = jsonObject(ascii, first + 1, second);
        if (!(header.get(HeaderParameterNames.ALGORITHM) instanceof String alg) || !SignatureAlgorithms.isSupported(alg)) {
            throw invalid("algorithm not accepted");
        }
        if (header.get(HeaderParameterNames.CONTENT_TYPE) instanceof String cty
                && (cty.equalsIgnoreCase("jwt") || cty.equalsIgnoreCase("application/jwt"))) {
            throw invalid("nested token");
        }
        for (String name : KEY_REFERENCE_HEADERS) {
            if (header.get(name) != null) {
                throw invalid("header " + name + " is not accepted");
            }
        }
        if (header.containsKey(HeaderParameterNames.CRITICAL)) {
            // We implement no JWS extension, so every crit (even the invalid empty list) is unknown.
            throw invalid("crit names an extension we do not understand");
        }
        Object kid = header.get(HeaderParameterNames.KEY_ID);
        if (kid != null && (!(kid instanceof String k) || k.isEmpty() || k.length() > MAX_KID_LENGTH)) {
            throw invalid("kid is not a short string");
        }
        checkNumericDates(claimsMap);
        if (!(claimsMap.get("iss") instanceof String issuer) || issuer.isEmpty()) {
            throw invalid("iss missing");
        }
        JwtClaims claims = new JwtClaims();
        claimsMap.forEach(claims::setClaim);
        byte[] signingInput = Arrays.copyOf(ascii, second);
        byte[] signature;
        try {
            signature = base64url(ascii, second + 1, ascii.length);
        } catch (IllegalArgumentException e) {
            throw invalid("token could not be decoded", e);
        }
        return new UnverifiedToken(header, claims, Collections.unmodifiableMap(claimsMap), signingInput, signature, issuer,
                (String) kid, alg);
    }

    /** A segment of the token's bytes, base64url-decoded straight from them (no substring, no second copy). */
    private static byte[] base64url(byte[] ascii, int start, int end) {
        ByteBuffer decoded = Base64.getUrlDecoder().decode(ByteBuffer.wrap(ascii, start, end - start));
        byte[] bytes = decoded.array();
        return decoded.arrayOffset() == 0 && decoded.limit() == bytes.length ? bytes : Arrays.copyOfRange(bytes,
                decoded.arrayOffset(), decoded.arrayOffset() + decoded.limit());
    }

    /**
     * One segment, base64url-decoded, as a JSON object; its bytes must be UTF-8 (RFC 7515 section 7.1). Bytes that are
     * all printable ASCII (or JSON's whitespace), as every real token's are, are valid UTF-8 as they stand and go to
     * Jackson as they are; any others are first decoded strictly (malformed or unmappable input refused).
     */
    private static Map<String, Object> jsonObject(byte[] ascii, int start, int end) throws TokenRejectedException {
        try {
            byte[] bytes = base64url(ascii, start, end);
            return printableAscii(bytes) ? JSON.object(bytes) : JSON.object(strictUtf8(bytes));
        } catch (IOException | IllegalArgumentException e) {
            throw invalid("token could not be decoded", e);
        }
    }

    private static String strictUtf8(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
    }

    /**
     * True when every byte is printable ASCII, tab, line feed or carriage return: then the bytes are their own UTF-8,
     * and with no NUL among them Jackson reads them as UTF-8 (its encoding detection looks for zero bytes).
     */
    static boolean printableAscii(byte[] bytes) {
        for (byte b : bytes) {
            if ((b < 0x20 || b > 0x7e) && b != '\t' && b != '\n' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    /**
     * The issuer a token claims, read cheaply so a token of an unregistered issuer can be refused before
     * any lookup: the compact shape is checked, the payload decoded and scanned up to its first
     * top-level {@code iss} (no header, no claims map: a fraction of {@link #parse}'s cost). Only a
     * rejection may rest on it: if a second {@code iss} or a malformed rest followed, {@link #parse}
     * would refuse the token anyway (duplicate members, invalid JSON). Empty when no string
     * {@code iss} comes first; the token then goes through {@link #parse}, which says why it fails.
     */
    public Optional<String> claimedIssuer(String token) {
        Compact compact;
        try {
            compact = compactShape(token);
        } catch (TokenRejectedException e) {
            return Optional.empty();
        }
        try (JsonParser json = JsonSegment.parser(base64url(compact.ascii(), compact.firstDot() + 1, compact.secondDot()))) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                boolean iss = "iss".equals(json.currentName());
                JsonToken value = json.nextToken();
                if (iss) {
                    return value == JsonToken.VALUE_STRING && !json.getText().isEmpty() ? Optional.of(json.getText()) : Optional.empty();
                }
                json.skipChildren();
            }
            return Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Picks the verification key. Empty means the kid is unknown to this key set (the caller may
     * refetch the JWKS once and retry); a key of the wrong type or algorithm is a rejection, not a miss.
     */
    public Optional<PublicJsonWebKey> selectKey(UnverifiedToken token, KeySet keys) throws TokenRejectedException {
        if (token.kid() != null) {
            Optional<PublicJsonWebKey> key = keys.byKid(token.kid());
            if (key.isPresent() && !SignatureAlgorithms.keyFits(key.get(), token.algorithm())) {
                throw invalid("key " + token.kid() + " does not fit alg " + token.algorithm());
            }
            return key;
        }
        List<PublicJsonWebKey> fitting = java.util.stream.Stream.concat(keys.byKid().values().stream(), keys.withoutKid().stream())
                .filter(k -> SignatureAlgorithms.keyFits(k, token.algorithm()))
                .toList();
        if (fitting.size() == 1) {
            return Optional.of(fitting.get(0));
        }
        throw invalid("token has no kid and the provider publishes more than one fitting key");
    }

    /**
     * Signature with {@code key}, then issuer, audience, expiry and not-before against {@code policy}, then
     * what jose4j does not check: an issue time in the future, and the provider's required claims and
     * header type (other tokens of the same issuer and audience, such as M2M or ID tokens, are no sessions).
     */
    public JwtClaims verify(UnverifiedToken token, PublicJsonWebKey key, VerificationPolicy policy, Instant now)
            throws TokenRejectedException {
        if (!policy.algorithms().contains(token.algorithm())) {
            throw invalid("algorithm not allowed for this provider");
        }
        checkSignature(token, key);
        JwtClaims claims = token.claims();
        checkStandardClaims(claims, policy, now);
        checkIssuedAt(claims, policy, now);
        checkRequiredClaims(claims, policy);
        checkHeaderTyp(token, policy);
        return claims;
    }

    /** jose4j's check of the signature over the token's signing input, after its check that the key suits the algorithm. */
    private static void checkSignature(UnverifiedToken token, PublicJsonWebKey key) throws TokenRejectedException {
        boolean valid;
        try {
            JsonWebSignatureAlgorithm algorithm = SIGNATURES.getAlgorithm(token.algorithm());
            algorithm.validateVerificationKey(key.getPublicKey());
            valid = algorithm.verifySignature(token.signature(), key.getPublicKey(), token.signingInput(), JCA);
        } catch (JoseException | RuntimeException e) {
            throw invalid("signature could not be checked", e);
        }
        if (!valid) {
            throw invalid("signature invalid");
        }
    }

    /**
     * jose4j's validators of the registered claims, as its {@code JwtConsumer} runs them: {@code exp} required and not
     * passed, {@code nbf} reached, {@code iss} and {@code aud} as registered, {@code sub} and {@code jti} strings where
     * present. Every validator runs; an expiry anywhere makes the token expired, then a not-before makes it not yet valid.
     * The accepted audiences are a set that may be asked about {@code null} (an {@code aud} array may hold one):
     * {@code Set.of}'s would throw.
     */
    private static void checkStandardClaims(JwtClaims claims, VerificationPolicy policy, Instant now) throws TokenRejectedException {
        NumericDateValidator dates = new NumericDateValidator();
        dates.setRequireExp(true);
        dates.setAllowedClockSkewSeconds(policy.clockSkewSeconds());
        dates.setEvaluationTime(NumericDate.fromMilliseconds(now.toEpochMilli()));
        JwtContext context = new JwtContext(claims, List.of());
        Integer firstError = null;
        boolean notYetValid = false;
        for (ErrorCodeValidator validator : List.of(new AudValidator(Collections.singleton(policy.audience()), true),
                new IssValidator(policy.issuer(), true), dates, new SubValidator(false), new JtiValidator(false))) {
            int code;
            try {
                ErrorCodeValidator.Error error = validator.validate(context);
                if (error == null) {
                    continue;
                }
                code = error.getErrorCode();
            } catch (MalformedClaimException e) {
                code = ErrorCodes.MALFORMED_CLAIM;
            }
            if (code == ErrorCodes.EXPIRED) {
                throw new TokenRejectedException(RejectionReason.EXPIRED, "exp passed");
            }
            notYetValid |= code == ErrorCodes.NOT_YET_VALID;
            firstError = firstError == null ? code : firstError;
        }
        if (notYetValid) {
            throw new TokenRejectedException(RejectionReason.NOT_YET_VALID, "nbf in the future");
        }
        if (firstError != null) {
            throw invalid("error code " + firstError);
        }
    }

    /** A token issued later than now plus the skew was minted by a clock we cannot trust (or to outlive a revocation). */
    private static void checkIssuedAt(JwtClaims claims, VerificationPolicy policy, Instant now) throws TokenRejectedException {
        if (claims.getClaimValue("iat") instanceof Number iat && iat.doubleValue() > now.getEpochSecond() + policy.clockSkewSeconds()) {
            throw new TokenRejectedException(RejectionReason.NOT_YET_VALID, "iat in the future");
        }
    }

    private static void checkRequiredClaims(JwtClaims claims, VerificationPolicy policy) throws TokenRejectedException {
        for (Map.Entry<String, Object> required : policy.requiredClaims().entrySet()) {
            if (!sameValue(required.getValue(), claims.getClaimValue(required.getKey()))) {
                throw invalid("required claim missing or different");
            }
        }
    }

    private static void checkHeaderTyp(UnverifiedToken token, VerificationPolicy policy) throws TokenRejectedException {
        if (policy.requiredHeaderTyp() == null) {
            return;
        }
        Object typ = token.header().get(HeaderParameterNames.TYPE);
        if (!(typ instanceof String t) || !t.equalsIgnoreCase(policy.requiredHeaderTyp())) {
            throw invalid("header typ missing or different");
        }
    }

    /** Exact equality of JSON scalars: strings and booleans as such, numbers by value (1 equals 1.0). */
    static boolean sameValue(Object required, Object actual) {
        if (required instanceof Number r && actual instanceof Number a) {
            try {
                return new java.math.BigDecimal(r.toString()).compareTo(new java.math.BigDecimal(a.toString())) == 0;
            } catch (NumberFormatException e) {
                return false; // Infinity or NaN (1e400 decodes to Infinity): equal to no registered value
            }
        }
        return required != null && !(required instanceof Number) && required.equals(actual);
    }

    /** The base64url alphabet, by ASCII code. */
    private static final boolean[] BASE64URL = new boolean[128];

    static {
        for (char c = 'A'; c <= 'Z'; c++) {
            BASE64URL[c] = true;
            BASE64URL[c + ('a' - 'A')] = true;
        }
        for (char c = '0'; c <= '9'; c++) {
            BASE64URL[c] = true;
        }
        BASE64URL['-'] = true;
        BASE64URL['_'] = true;
    }

    /** A token that passed {@link #compactShape}: its bytes (one per character, all ASCII) and where its two dots are. */
    private record Compact(byte[] ascii, int firstDot, int secondDot) {
    }

    /**
     * The structural checks: not empty, at most {@code maxTokenBytes}, three non-empty segments of base64url characters
     * joined by dots, each the canonical spelling of its bytes. Returns the token's bytes and its dots, found in the
     * same scan, which the decoding then reads without copying segments out as strings or looking for the dots again.
     */
    private Compact compactShape(String token) throws TokenRejectedException {
        if (token == null || token.isEmpty()) {
            throw invalid("empty token");
        }
        if (token.length() > maxTokenBytes) {
            throw invalid("token over " + maxTokenBytes + " bytes");
        }
        // ISO-8859-1 maps each character up to U+00FF to one byte and any other to '?': none of those passes below.
        byte[] ascii = token.getBytes(StandardCharsets.ISO_8859_1);
        int dots = 0;
        int[] dotAt = new int[2];
        int segmentLength = 0;
        for (int i = 0; i < ascii.length; i++) {
            byte b = ascii[i];
            if (b == '.') {
                if (segmentLength == 0) {
                    throw invalid("empty segment");
                }
                if (dots < 2) {
                    dotAt[dots] = i;
                }
                dots++;
                segmentLength = 0;
            } else if (b >= 0 && BASE64URL[b]) {
                segmentLength++;
            } else {
                throw invalid("character outside base64url");
            }
        }
        if (dots != 2 || segmentLength == 0) {
            throw invalid("not a three-segment compact JWS");
        }
        checkCanonicalSegment(ascii, 0, dotAt[0]);
        checkCanonicalSegment(ascii, dotAt[0] + 1, dotAt[1]);
        checkCanonicalSegment(ascii, dotAt[1] + 1, ascii.length);
        return new Compact(ascii, dotAt[0], dotAt[1]);
    }

    /**
     * Each segment must be the one canonical base64url spelling of its bytes: a final character with
     * non-zero unused bits decodes to the same bytes, so without this check one token would have
     * several spellings (and several cache or deny-list keys).
     */
    private static void checkCanonicalSegment(byte[] ascii, int start, int end) throws TokenRejectedException {
        int unusedBitsMask = switch ((end - start) % 4) {
            case 0 -> 0;
            case 2 -> 0x0f;
            case 3 -> 0x03;
            default -> -1;
        };
        if (unusedBitsMask < 0) {
            throw invalid("segment length is not valid base64url");
        }
        if (unusedBitsMask != 0 && (base64UrlValue((char) ascii[end - 1]) & unusedBitsMask) != 0) {
            throw invalid("segment is not canonical base64url");
        }
    }

    private static int base64UrlValue(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        return c == '-' ? 62 : 63;
    }

    private static void checkNumericDates(Map<String, Object> claims) throws TokenRejectedException {
        for (String name : List.of("exp", "nbf", "iat")) {
            Object value = claims.get(name);
            if (value == null) {
                continue;
            }
            if (!(value instanceof Number n)) {
                throw invalid(name + " is not a number");
            }
            double seconds = n.doubleValue();
            if (!Double.isFinite(seconds) || seconds < 0 || seconds > MAX_NUMERIC_DATE) {
                throw invalid(name + " out of range");
            }
        }
    }

    private static TokenRejectedException invalid(String detail) {
        return new TokenRejectedException(RejectionReason.INVALID, detail);
    }

    /** The cause is dropped on purpose: jose4j's messages quote the whole token, which must never reach a log. */
    private static TokenRejectedException invalid(String detail, Throwable cause) {
        return new TokenRejectedException(RejectionReason.INVALID, detail + " (" + cause.getClass().getSimpleName() + ")");
    }
}
