package studio.ainative.identity.verification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static studio.ainative.identity.verification.TestTokens.AUDIENCE;
import static studio.ainative.identity.verification.TestTokens.EC;
import static studio.ainative.identity.verification.TestTokens.EC_KID;
import static studio.ainative.identity.verification.TestTokens.IMPOSTOR_RSA;
import static studio.ainative.identity.verification.TestTokens.ISSUER;
import static studio.ainative.identity.verification.TestTokens.MAX_TOKEN_BYTES;
import static studio.ainative.identity.verification.TestTokens.NOW;
import static studio.ainative.identity.verification.TestTokens.RSA;
import static studio.ainative.identity.verification.TestTokens.RSA_KID;
import static studio.ainative.identity.verification.TestTokens.SKEW_SECONDS;
import static studio.ainative.identity.verification.TestTokens.SUBJECT;
import static studio.ainative.identity.verification.TestTokens.b64;
import static studio.ainative.identity.verification.TestTokens.es256;
import static studio.ainative.identity.verification.TestTokens.header;
import static studio.ainative.identity.verification.TestTokens.hs256;
import static studio.ainative.identity.verification.TestTokens.json;
import static studio.ainative.identity.verification.TestTokens.keysByKid;
import static studio.ainative.identity.verification.TestTokens.keysWithoutKid;
import static studio.ainative.identity.verification.TestTokens.policy;
import static studio.ainative.identity.verification.TestTokens.rs256;
import static studio.ainative.identity.verification.TestTokens.sign;
import static studio.ainative.identity.verification.TestTokens.signingInput;
import static studio.ainative.identity.verification.TestTokens.validClaims;
import static studio.ainative.identity.verification.TestTokens.validClaimsWith;
import static studio.ainative.identity.verification.TestTokens.validClaimsWithout;
import static studio.ainative.identity.verification.TestTokens.withSignatureSegment;

import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jose4j.jwk.JsonWebKey.OutputControlLevel;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.junit.jupiter.api.Test;
import studio.ainative.identity.jwks.KeySet;

class TokenVerifierTest {

    private static final KeySet PROVIDER_KEYS = keysByKid(RSA, EC);
    private static final VerificationPolicy RS256_AND_ES256 = policy("RS256", "ES256");

    private final TokenVerifier verifier = new TokenVerifier(MAX_TOKEN_BYTES);

    // --- helpers ---

    /** parse → selectKey → verify against the provider's keys and policy, as the service runs it. */
    private JwtClaims verifyFully(String token) throws TokenRejectedException {
        return verifyFully(token, PROVIDER_KEYS, RS256_AND_ES256);
    }

    private JwtClaims verifyFully(String token, KeySet keys, VerificationPolicy policy) throws TokenRejectedException {
        UnverifiedToken parsed = verifier.parse(token);
        PublicJsonWebKey key = verifier.selectKey(parsed, keys)
                .orElseThrow(() -> new AssertionError("no key selected for kid " + parsed.kid()));
        return verifier.verify(parsed, key, policy, NOW);
    }

    private RejectionReason rejectionOf(String token) {
        return assertThrows(TokenRejectedException.class, () -> verifyFully(token)).reason();
    }

    private void assertRejectedAtParse(String token) {
        TokenRejectedException e = assertThrows(TokenRejectedException.class, () -> verifier.parse(token));
        assertEquals(RejectionReason.INVALID, e.reason());
    }

    private static String rs256Payload(String payloadJson) {
        return rs256(json(header("RS256", RSA_KID)), payloadJson);
    }

    private static String rs256Header(Map<String, Object> header) {
        return rs256(json(header), json(validClaims()));
    }

    private static Map<String, Object> rs256HeaderWith(String name, Object value) {
        Map<String, Object> header = header("RS256", RSA_KID);
        header.put(name, value);
        return header;
    }

    /** Claims JSON text with the standard valid members followed by {@code extraMembers}, verbatim. */
    private static String validPayloadPlus(String extraMembers) {
        String valid = json(validClaims());
        return valid.substring(0, valid.length() - 1) + "," + extraMembers + "}";
    }

    /** A valid RS256 token whose signature segment contains {@code c} (varying a claim until it does). */
    private static String validTokenWhoseSignatureContains(char c) {
        for (int i = 0; i < 1000; i++) {
            String token = rs256(validClaimsWith("jti", "t-" + i));
            if (token.substring(token.lastIndexOf('.') + 1).indexOf(c) >= 0) {
                return token;
            }
        }
        throw new IllegalStateException("no signature containing " + c);
    }

    // --- valid tokens ---

    @Test
    void acceptsValidRs256TokenAndReturnsItsClaims() throws Exception {
        JwtClaims claims = verifyFully(rs256(validClaims()));

        assertEquals(SUBJECT, claims.getSubject());
        assertEquals(ISSUER, claims.getIssuer());
        assertEquals(List.of(AUDIENCE), claims.getAudience());
    }

    @Test
    void acceptsValidEs256Token() throws Exception {
        assertEquals(SUBJECT, verifyFully(es256(validClaims())).getSubject());
    }

    @Test
    void parseExposesIssuerKidAndAlgorithm() throws TokenRejectedException {
        UnverifiedToken parsed = verifier.parse(rs256(validClaims()));

        assertEquals(ISSUER, parsed.issuer());
        assertEquals(RSA_KID, parsed.kid());
        assertEquals("RS256", parsed.algorithm());
    }

    @Test
    void verifiedClaimsCarryCustomMembers() throws Exception {
        JwtClaims claims = verifyFully(rs256(validClaimsWith("email", "a@example.com")));

        assertEquals("a@example.com", claims.getStringClaimValue("email"));
    }

    // --- alg none and symmetric algorithms (rejected at parse) ---

    @Test
    void rejectsAlgNoneWithEmptySignature() {
        assertRejectedAtParse(withSignatureSegment(json(header("none", RSA_KID)), json(validClaims()), ""));
    }

    @Test
    void rejectsAlgCapitalisedNoneWithEmptySignature() {
        assertRejectedAtParse(withSignatureSegment(json(header("None", RSA_KID)), json(validClaims()), ""));
    }

    @Test
    void rejectsAlgUpperCaseNoneWithEmptySignature() {
        assertRejectedAtParse(withSignatureSegment(json(header("NONE", RSA_KID)), json(validClaims()), ""));
    }

    @Test
    void rejectsAlgMixedCaseNoneWithEmptySignature() {
        assertRejectedAtParse(withSignatureSegment(json(header("nOnE", RSA_KID)), json(validClaims()), ""));
    }

    @Test
    void rejectsAlgNoneEvenWithNonEmptySignature() {
        assertRejectedAtParse(withSignatureSegment(json(header("none", RSA_KID)), json(validClaims()), b64("sig")));
    }

    @Test
    void rejectsHs256SignedWithProvidersDerPublicKey() {
        assertRejectedAtParse(hs256(RSA.getPublicKey().getEncoded(), json(header("HS256", RSA_KID)), json(validClaims())));
    }

    @Test
    void rejectsHs256SignedWithProvidersPemPublicKey() {
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(RSA.getPublicKey().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        assertRejectedAtParse(hs256(pem.getBytes(StandardCharsets.US_ASCII), json(header("HS256", RSA_KID)),
                json(validClaims())));
    }

    @Test
    void rejectsHs256SignedWithProvidersJwkJson() {
        byte[] jwk = RSA.toJson(OutputControlLevel.PUBLIC_ONLY).getBytes(StandardCharsets.UTF_8);
        assertRejectedAtParse(hs256(jwk, json(header("HS256", RSA_KID)), json(validClaims())));
    }

    @Test
    void rejectsMissingAlg() {
        assertRejectedAtParse(rs256("{\"kid\":\"" + RSA_KID + "\"}", json(validClaims())));
    }

    @Test
    void rejectsNonStringAlg() {
        assertRejectedAtParse(rs256("{\"alg\":[\"RS256\"],\"kid\":\"" + RSA_KID + "\"}", json(validClaims())));
    }

    @Test
    void rejectsUnknownAlgorithm() {
        assertRejectedAtParse(withSignatureSegment(json(header("RS1", RSA_KID)), json(validClaims()), b64("sig")));
    }

    // --- size ---

    @Test
    void rejectsTokenOneByteLongerThanMaxTokenBytes() {
        String token = rs256(validClaims());
        TokenVerifier tight = new TokenVerifier(token.length() - 1);

        assertEquals(RejectionReason.INVALID,
                assertThrows(TokenRejectedException.class, () -> tight.parse(token)).reason());
    }

    @Test
    void acceptsTokenOfExactlyMaxTokenBytes() throws TokenRejectedException {
        String token = rs256(validClaims());

        assertEquals(ISSUER, new TokenVerifier(token.length()).parse(token).issuer());
    }

    @Test
    void rejectsValidlySignedTokenOver8KiB() {
        String token = rs256(validClaimsWith("pad", "x".repeat(MAX_TOKEN_BYTES)));
        assertTrue(token.length() > MAX_TOKEN_BYTES);

        assertRejectedAtParse(token);
    }

    @Test
    void rejectsOneMebibyteTokenWithinBoundedTime() {
        String token = "A".repeat(1 << 20) + ".AAAA.AAAA";

        assertTimeoutPreemptively(Duration.ofMillis(500), () -> assertRejectedAtParse(token));
    }

    // --- compact shape ---

    @Test
    void rejectsNullToken() {
        assertRejectedAtParse(null);
    }

    @Test
    void rejectsEmptyToken() {
        assertRejectedAtParse("");
    }

    @Test
    void rejectsTwoSegments() {
        assertRejectedAtParse(signingInput(json(header("RS256", RSA_KID)), json(validClaims())));
    }

    @Test
    void rejectsFourSegments() {
        assertRejectedAtParse(rs256(validClaims()) + "." + b64("extra"));
    }

    @Test
    void rejectsFiveSegmentsLikeJwe() {
        String jweHeader = b64("{\"alg\":\"RSA-OAEP\",\"enc\":\"A256GCM\",\"kid\":\"" + RSA_KID + "\"}");
        assertRejectedAtParse(jweHeader + "." + b64("encrypted-key") + "." + b64("iv-bytes") + "."
                + b64(json(validClaims())) + "." + b64("tag-bytes"));
    }

    @Test
    void rejectsEmptySignatureSegmentOfOtherwiseValidToken() {
        String token = rs256(validClaims());

        assertRejectedAtParse(token.substring(0, token.lastIndexOf('.') + 1));
    }

    @Test
    void rejectsEmptyHeaderSegment() {
        String token = rs256(validClaims());

        assertRejectedAtParse(token.substring(token.indexOf('.')));
    }

    @Test
    void rejectsEmptyPayloadSegment() {
        String token = rs256(validClaims());

        assertRejectedAtParse(token.substring(0, token.indexOf('.') + 1) + token.substring(token.lastIndexOf('.')));
    }

    @Test
    void rejectsPaddingCharacter() {
        assertRejectedAtParse(rs256(validClaims()) + "=");
    }

    @Test
    void rejectsPlusCharacterOfStandardBase64() {
        assertRejectedAtParse(validTokenWhoseSignatureContains('-').replace('-', '+'));
    }

    @Test
    void rejectsSlashCharacterOfStandardBase64() {
        assertRejectedAtParse(validTokenWhoseSignatureContains('_').replace('_', '/'));
    }

    @Test
    void rejectsTrailingNewline() {
        assertRejectedAtParse(rs256(validClaims()) + "\n");
    }

    @Test
    void rejectsJwsJsonSerialization() {
        String compact = rs256(validClaims());
        String[] parts = compact.split("\\.");
        assertRejectedAtParse("{\"payload\":\"" + parts[1] + "\",\"signatures\":[{\"protected\":\"" + parts[0]
                + "\",\"signature\":\"" + parts[2] + "\"}]}");
    }

    // --- header members ---

    @Test
    void rejectsJkuHeader() {
        assertRejectedAtParse(rs256Header(rs256HeaderWith("jku", "https://attacker.example/jwks.json")));
    }

    @Test
    void rejectsX5uHeader() {
        assertRejectedAtParse(rs256Header(rs256HeaderWith("x5u", "https://attacker.example/cert.pem")));
    }

    @Test
    void rejectsEmbeddedJwkHeaderNamingTheSigningKey() {
        Map<String, Object> header = header("RS256", RSA_KID);
        header.put("jwk", IMPOSTOR_RSA.toParams(OutputControlLevel.PUBLIC_ONLY));
        assertRejectedAtParse(sign("RS256", IMPOSTOR_RSA.getPrivateKey(), json(header), json(validClaims())));
    }

    @Test
    void rejectsX5cHeader() {
        assertRejectedAtParse(rs256Header(rs256HeaderWith("x5c",
                List.of(Base64.getEncoder().encodeToString(b64("self-signed").getBytes(StandardCharsets.US_ASCII))))));
    }

    @Test
    void rejectsKidLongerThan256Characters() {
        assertRejectedAtParse(rs256Header(header("RS256", "k".repeat(257))));
    }

    @Test
    void acceptsKidOf256Characters() throws TokenRejectedException {
        String kid = "k".repeat(256);

        assertEquals(kid, verifier.parse(rs256Header(header("RS256", kid))).kid());
    }

    @Test
    void rejectsEmptyKid() {
        assertRejectedAtParse(rs256Header(header("RS256", "")));
    }

    @Test
    void rejectsNumericKid() {
        assertRejectedAtParse(rs256Header(rs256HeaderWith("kid", 7)));
    }

    @Test
    void rejectsDuplicateAlgMemberInHeader() {
        String headerJson = "{\"alg\":\"RS256\",\"kid\":\"" + RSA_KID + "\",\"alg\":\"none\"}";
        assertRejectedAtParse(rs256(headerJson, json(validClaims())));
    }

    @Test
    void rejectsUnknownCriticalHeader() {
        Map<String, Object> header = rs256HeaderWith("crit", List.of("urn:example:unknown"));
        header.put("urn:example:unknown", true);

        assertEquals(RejectionReason.INVALID, rejectionOf(rs256Header(header)));
    }

    @Test
    void rejectsNestedJwtCarryingAnUnsignedInnerToken() {
        Map<String, Object> outer = rs256HeaderWith("cty", "JWT");
        String inner = withSignatureSegment("{\"alg\":\"none\"}", json(validClaimsWith("sub", "admin")), "");

        assertRejectedAtParse(rs256(json(outer), inner));
    }

    // --- payload ---

    @Test
    void rejectsJsonClaimsWhoseHeaderDeclaresANestedJwt() {
        assertRejectedAtParse(rs256(json(rs256HeaderWith("cty", "application/jwt")), json(validClaims())));
    }

    @Test
    void rejectsPayloadThatIsNotUtf8() {
        byte[] latin1 = json(validClaimsWith("name", "Zoë")).getBytes(StandardCharsets.ISO_8859_1);
        assertRejectedAtParse(rs256(json(header("RS256", RSA_KID)), latin1));
    }

    @Test
    void readsUtf8ClaimsAsWritten() throws TokenRejectedException {
        // Not printable ASCII, so decoded strictly before Jackson reads it; the ASCII of every other token is read as it is.
        byte[] utf8 = json(validClaimsWith("name", "Zoë 日本 \uD83D\uDE00")).getBytes(StandardCharsets.UTF_8);
        UnverifiedToken parsed = verifier.parse(rs256(json(header("RS256", RSA_KID)), utf8));
        assertEquals("Zoë 日本 \uD83D\uDE00", parsed.claims().getClaimValue("name"));
    }

    @Test
    void onlyPrintableAsciiAndJsonWhitespaceSkipTheStrictDecode() {
        assertTrue(TokenVerifier.printableAscii("{\"a\": \"b~\"}\t\r\n".getBytes(StandardCharsets.US_ASCII)));
        for (byte b : new byte[] {0x00, 0x01, 0x1f, 0x7f, (byte) 0x80, (byte) 0xc3, (byte) 0xff}) {
            assertFalse(TokenVerifier.printableAscii(new byte[] {'{', b, '}'}), "byte " + b);
        }
    }

    @Test
    void rejectsPayloadEncodedAsUtf16() {
        // A JSON reader that sniffs the encoding would accept this second spelling of the same claims.
        byte[] utf16 = json(validClaims()).getBytes(StandardCharsets.UTF_16LE);
        assertRejectedAtParse(rs256(json(header("RS256", RSA_KID)), utf16));
    }

    @Test
    void rejectsPayloadThatIsJsonNull() {
        assertRejectedAtParse(rs256Payload("null"));
    }

    @Test
    void rejectsPayloadWithContentAfterTheClaims() {
        assertRejectedAtParse(rs256Payload(json(validClaims()) + "{}"));
    }

    @Test
    void rejectsExpOf1e400() {
        assertRejectedAtParse(rs256Payload(json(validClaimsWithout("exp")).replaceFirst("}$", ",\"exp\":1e400}")));
    }

    @Test
    void rejectsExpAsString() {
        assertRejectedAtParse(rs256(validClaimsWith("exp", String.valueOf(NOW.getEpochSecond() + 600))));
    }

    @Test
    void rejectsNegativeExp() {
        assertRejectedAtParse(rs256(validClaimsWith("exp", -1L)));
    }

    @Test
    void rejectsExpAfterYear9999() {
        assertRejectedAtParse(rs256(validClaimsWith("exp", 253_402_300_800L)));
    }

    @Test
    void rejectsNbfAsString() {
        assertRejectedAtParse(rs256(validClaimsWith("nbf", "now")));
    }

    @Test
    void rejectsIatAsBoolean() {
        assertRejectedAtParse(rs256(validClaimsWith("iat", true)));
    }

    @Test
    void rejectsPayloadThatIsJsonArray() {
        assertRejectedAtParse(rs256Payload("[" + json(validClaims()) + "]"));
    }

    @Test
    void rejectsPayloadThatIsNotJson() {
        assertRejectedAtParse(rs256Payload("iss=" + ISSUER + "&sub=" + SUBJECT));
    }

    @Test
    void rejectsPayloadThatIsJsonString() {
        assertRejectedAtParse(rs256Payload("\"" + ISSUER + "\""));
    }

    @Test
    void rejectsPayloadWithoutIssuer() {
        assertRejectedAtParse(rs256(validClaimsWithout("iss")));
    }

    @Test
    void rejectsPayloadWithNonStringIssuer() {
        assertRejectedAtParse(rs256(validClaimsWith("iss", List.of(ISSUER))));
    }

    @Test
    void rejectsDuplicateSubMember() {
        assertRejectedAtParse(rs256Payload(validPayloadPlus("\"sub\":\"admin\"")));
    }

    @Test
    void survivesUnclosedDeeplyNestedPayloadWithinBoundedTime() {
        String token = rs256Payload(validPayloadPlus("\"n\":" + "[".repeat(5000)));
        assertTrue(token.length() <= MAX_TOKEN_BYTES, "the token must reach the parser");

        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> assertRejectedAtParse(token));
    }

    @Test
    void rejectsBalancedDeeplyNestedPayloadWithinBoundedTime() {
        int depth = 2600;
        String token = rs256Payload(validPayloadPlus("\"n\":" + "[".repeat(depth) + "]".repeat(depth)));
        assertTrue(token.length() <= MAX_TOKEN_BYTES, "the token must reach the parser");

        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> assertRejectedAtParse(token));
    }

    @Test
    void acceptsClaimsNestedSixteenLevelsDeep() throws TokenRejectedException {
        String nested = "{\"a\":".repeat(15) + "1" + "}".repeat(15);
        verifyFully(rs256Payload(validPayloadPlus("\"n\":" + nested)));
    }

    @Test
    void rejectsClaimsNestedSeventeenLevelsDeep() {
        String nested = "{\"a\":".repeat(16) + "1" + "}".repeat(16);
        assertRejectedAtParse(rs256Payload(validPayloadPlus("\"n\":" + nested)));
    }

    // --- selectKey ---

    @Test
    void selectKeyRejectsEs256HeaderNamingAnRsaKey() throws TokenRejectedException {
        UnverifiedToken parsed = verifier.parse(
                sign("ES256", EC.getPrivateKey(), json(header("ES256", RSA_KID)), json(validClaims())));

        assertThrows(TokenRejectedException.class, () -> verifier.selectKey(parsed, PROVIDER_KEYS));
    }

    @Test
    void selectKeyRejectsRs256HeaderNamingAnEcKey() throws TokenRejectedException {
        UnverifiedToken parsed = verifier.parse(rs256Header(header("RS256", EC_KID)));

        assertThrows(TokenRejectedException.class, () -> verifier.selectKey(parsed, PROVIDER_KEYS));
    }

    @Test
    void selectKeyRejectsEs384HeaderNamingAP256Key() throws TokenRejectedException {
        UnverifiedToken parsed = verifier.parse(
                withSignatureSegment(json(header("ES384", EC_KID)), json(validClaims()), b64(new byte[96])));

        assertThrows(TokenRejectedException.class, () -> verifier.selectKey(parsed, PROVIDER_KEYS));
    }

    @Test
    void selectKeyRejectsKeyThatDeclaresAnotherAlgorithm() throws Exception {
        PublicJsonWebKey rs512Only = TestTokens.publicOnly(RSA);
        rs512Only.setAlgorithm("RS512");
        KeySet keys = new KeySet(Map.of(RSA_KID, rs512Only), List.of(), List.of(), NOW, NOW);
        UnverifiedToken parsed = verifier.parse(rs256(validClaims()));

        assertThrows(TokenRejectedException.class, () -> verifier.selectKey(parsed, keys));
    }

    @Test
    void selectKeyReturnsEmptyForUnknownKid() throws TokenRejectedException {
        UnverifiedToken parsed = verifier.parse(rs256Header(header("RS256", "rotated-key-2")));

        assertEquals(Optional.empty(), verifier.selectKey(parsed, PROVIDER_KEYS));
    }

    @Test
    void selectKeyTreatsPathLikeKidAsUnknown() throws TokenRejectedException {
        UnverifiedToken parsed = verifier.parse(rs256Header(header("RS256", "../../../../dev/null")));

        assertEquals(Optional.empty(), verifier.selectKey(parsed, PROVIDER_KEYS));
    }

    @Test
    void selectKeyReturnsKeyNamedByKid() throws TokenRejectedException {
        UnverifiedToken parsed = verifier.parse(rs256(validClaims()));

        assertEquals(RSA.getPublicKey(), verifier.selectKey(parsed, PROVIDER_KEYS).orElseThrow().getPublicKey());
    }

    @Test
    void selectKeyUsesTheOnlyKeyWhenTokenHasNoKid() throws TokenRejectedException {
        UnverifiedToken parsed = verifier.parse(rs256Header(header("RS256", null)));

        assertEquals(RSA.getPublicKey(),
                verifier.selectKey(parsed, keysWithoutKid(RSA)).orElseThrow().getPublicKey());
    }

    @Test
    void acceptsTokenWithoutKidVerifiedByTheOnlyKey() throws TokenRejectedException {
        JwtClaims claims = verifyFully(rs256Header(header("RS256", null)), keysWithoutKid(RSA), RS256_AND_ES256);

        assertEquals(ISSUER, claims.getClaimValue("iss"));
    }

    @Test
    void selectKeyRejectsTokenWithoutKidWhenTwoKeysFit() throws TokenRejectedException {
        UnverifiedToken parsed = verifier.parse(rs256Header(header("RS256", null)));

        assertThrows(TokenRejectedException.class, () -> verifier.selectKey(parsed, keysWithoutKid(RSA, IMPOSTOR_RSA)));
    }

    @Test
    void selectKeyRejectsTokenWithoutKidWhenTheOnlyKeyDoesNotFitItsAlgorithm() throws TokenRejectedException {
        UnverifiedToken parsed = verifier.parse(rs256Header(header("RS256", null)));

        assertThrows(TokenRejectedException.class, () -> verifier.selectKey(parsed, keysWithoutKid(EC)));
    }

    @Test
    void selectKeyUsesTheOnlyFittingKeyWhenTokenHasNoKidEvenIfKeysCarryKids() throws TokenRejectedException {
        UnverifiedToken parsed = verifier.parse(rs256Header(header("RS256", null)));

        assertEquals(RSA.getPublicKey(), verifier.selectKey(parsed, keysByKid(RSA, EC)).orElseThrow().getPublicKey());
    }

    @Test
    void selectKeyRejectsTokenWithoutKidWhenTwoKeysWithKidsFit() throws TokenRejectedException {
        KeySet twoRsa = new KeySet(Map.of("a", TestTokens.publicOnly(RSA), "b", TestTokens.publicOnly(IMPOSTOR_RSA)),
                List.of(), List.of(), NOW, NOW);
        UnverifiedToken parsed = verifier.parse(rs256Header(header("RS256", null)));

        assertThrows(TokenRejectedException.class, () -> verifier.selectKey(parsed, twoRsa));
    }

    // --- canonical encoding and crit ---

    @Test
    void rejectsSignatureSegmentWithNonZeroUnusedBits() {
        String token = rs256(validClaims());
        String signature = token.substring(token.lastIndexOf('.') + 1);
        // RS256 with a 2048-bit key: 256 bytes → 342 characters (length % 4 == 2), so the last character
        // carries 4 unused bits; flipping the lowest one decodes to the same bytes.
        assertEquals(2, signature.length() % 4);
        char last = signature.charAt(signature.length() - 1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        char twin = alphabet.charAt(alphabet.indexOf(last) | 1);
        String variant = token.substring(0, token.length() - 1) + twin;

        assertTrue(java.util.Arrays.equals(java.util.Base64.getUrlDecoder().decode(signature),
                java.util.Base64.getUrlDecoder().decode(variant.substring(variant.lastIndexOf('.') + 1))));
        assertRejectedAtParse(variant);
    }

    @Test
    void rejectsSegmentWhoseLengthIsNotValidBase64() {
        String token = rs256(validClaims());
        assertRejectedAtParse(token + "A".repeat((4 - token.substring(token.lastIndexOf('.') + 1).length() % 4) % 4 + 1));
    }

    @Test
    void rejectsEmptyCritList() {
        assertRejectedAtParse(rs256Header(rs256HeaderWith("crit", List.of())));
    }

    @Test
    void rejectsNullCrit() {
        assertRejectedAtParse(rs256Header(rs256HeaderWith("crit", null)));
    }

    // --- verify: time ---

    @Test
    void rejectsTokenExpiredOneSecondBeyondSkewAsExpired() {
        long exp = NOW.getEpochSecond() - SKEW_SECONDS - 1;

        assertEquals(RejectionReason.EXPIRED, rejectionOf(rs256(validClaimsWith("exp", exp))));
    }

    @Test
    void acceptsTokenExpiredOneSecondWithinSkew() throws TokenRejectedException {
        long exp = NOW.getEpochSecond() - SKEW_SECONDS + 1;

        assertEquals(SUBJECT, verifyFully(rs256(validClaimsWith("exp", exp))).getClaimValue("sub"));
    }

    @Test
    void rejectsTokenWithoutExp() {
        assertEquals(RejectionReason.INVALID, rejectionOf(rs256(validClaimsWithout("exp"))));
    }

    @Test
    void rejectsTokenNotValidBeforeOneSecondBeyondSkewAsNotYetValid() {
        long nbf = NOW.getEpochSecond() + SKEW_SECONDS + 1;

        assertEquals(RejectionReason.NOT_YET_VALID, rejectionOf(rs256(validClaimsWith("nbf", nbf))));
    }

    @Test
    void acceptsTokenNotValidBeforeWithinSkew() throws TokenRejectedException {
        long nbf = NOW.getEpochSecond() + SKEW_SECONDS - 1;

        assertEquals(SUBJECT, verifyFully(rs256(validClaimsWith("nbf", nbf))).getClaimValue("sub"));
    }

    @Test
    void rejectsTokenIssuedOneSecondBeyondSkewInTheFuture() {
        long iat = NOW.getEpochSecond() + SKEW_SECONDS + 1;

        assertEquals(RejectionReason.NOT_YET_VALID, rejectionOf(rs256(validClaimsWith("iat", iat))));
    }

    @Test
    void acceptsTokenIssuedInTheFutureWithinSkew() throws TokenRejectedException {
        long iat = NOW.getEpochSecond() + SKEW_SECONDS;

        assertEquals(SUBJECT, verifyFully(rs256(validClaimsWith("iat", iat))).getClaimValue("sub"));
    }

    // --- provider-required claims and header type ---

    private static VerificationPolicy requiring(Map<String, Object> claims, String typ) {
        return new VerificationPolicy(ISSUER, AUDIENCE, List.of("RS256"), SKEW_SECONDS, claims, typ);
    }

    private RejectionReason rejectionUnder(VerificationPolicy policy, String token) {
        return assertThrows(TokenRejectedException.class, () -> verifyFully(token, PROVIDER_KEYS, policy)).reason();
    }

    @Test
    void acceptsTokenCarryingEveryRequiredClaimValue() throws TokenRejectedException {
        Map<String, Object> claims = validClaims();
        claims.put("token_type", "session");
        claims.put("mfa", true);
        claims.put("level", 2);
        VerificationPolicy policy = requiring(Map.of("token_type", "session", "mfa", true, "level", 2.0), null);

        assertEquals(SUBJECT, verifyFully(rs256(claims), PROVIDER_KEYS, policy).getClaimValue("sub"));
    }

    @Test
    void rejectsTokenMissingARequiredClaim() {
        VerificationPolicy policy = requiring(Map.of("token_type", "session"), null);

        assertEquals(RejectionReason.INVALID, rejectionUnder(policy, rs256(validClaims())));
    }

    @Test
    void rejectsTokenWithADifferentRequiredClaimValue() {
        VerificationPolicy policy = requiring(Map.of("token_type", "session"), null);

        assertEquals(RejectionReason.INVALID, rejectionUnder(policy, rs256(validClaimsWith("token_type", "m2m"))));
    }

    @Test
    void rejectsTokenWithTheRequiredValueAsAnotherJsonType() {
        VerificationPolicy policy = requiring(Map.of("mfa", true), null);

        assertEquals(RejectionReason.INVALID, rejectionUnder(policy, rs256(validClaimsWith("mfa", "true"))));
    }

    @Test
    void rejectsTokenWhoseRequiredNumberIsInfinite() {
        // 1e400 decodes to Double.POSITIVE_INFINITY, which BigDecimal cannot take: a NumberFormatException, not a rejection.
        VerificationPolicy policy = requiring(Map.of("level", 2), null);
        String token = rs256Payload(json(validClaims()).replaceFirst("}$", ",\"level\":1e400}"));

        assertEquals(RejectionReason.INVALID, rejectionUnder(policy, token));
    }

    @Test
    void sameValueHoldsNoInfiniteNumberEqualToAnother() {
        assertEquals(false, TokenVerifier.sameValue(Double.POSITIVE_INFINITY, 2));
        assertEquals(false, TokenVerifier.sameValue(2, Double.NaN));
        assertEquals(true, TokenVerifier.sameValue(2L, 2.0));
    }

    @Test
    void acceptsTokenWhoseHeaderTypMatchesIgnoringCase() throws TokenRejectedException {
        VerificationPolicy policy = requiring(Map.of(), "jwt");

        assertEquals(SUBJECT, verifyFully(rs256(validClaims()), PROVIDER_KEYS, policy).getClaimValue("sub"));
    }

    @Test
    void rejectsTokenWithAnotherHeaderTyp() {
        VerificationPolicy policy = requiring(Map.of(), "JWT");

        assertEquals(RejectionReason.INVALID, rejectionUnder(policy, rs256Header(rs256HeaderWith("typ", "at+jwt"))));
    }

    @Test
    void rejectsTokenWithoutHeaderTypWhenOneIsRequired() {
        Map<String, Object> header = header("RS256", RSA_KID);
        header.remove("typ");
        VerificationPolicy policy = requiring(Map.of(), "JWT");

        assertEquals(RejectionReason.INVALID, rejectionUnder(policy, rs256Header(header)));
    }

    @Test
    void rejectsExpiredTokenSignedByImpostorAsInvalidNotExpired() {
        String token = sign("RS256", IMPOSTOR_RSA.getPrivateKey(), json(header("RS256", RSA_KID)),
                json(validClaimsWith("exp", NOW.getEpochSecond() - 3600)));

        assertEquals(RejectionReason.INVALID, rejectionOf(token));
    }

    // --- verify: issuer ---

    @Test
    void rejectsIssuerWithTrailingSlash() {
        assertEquals(RejectionReason.INVALID, rejectionOf(rs256(validClaimsWith("iss", ISSUER + "/"))));
    }

    @Test
    void rejectsIssuerDifferingInCase() {
        assertEquals(RejectionReason.INVALID,
                rejectionOf(rs256(validClaimsWith("iss", "https://IdP.example.com"))));
    }

    // --- verify: audience ---

    @Test
    void acceptsAudienceStringEqualToClientId() throws TokenRejectedException {
        assertEquals(List.of(AUDIENCE), audienceOf(verifyFully(rs256(validClaimsWith("aud", AUDIENCE)))));
    }

    @Test
    void acceptsAudienceArrayContainingClientId() throws TokenRejectedException {
        List<String> aud = List.of("another-client", AUDIENCE);

        assertEquals(aud, audienceOf(verifyFully(rs256(validClaimsWith("aud", aud)))));
    }

    @Test
    void rejectsMissingAudience() {
        assertEquals(RejectionReason.INVALID, rejectionOf(rs256(validClaimsWithout("aud"))));
    }

    @Test
    void rejectsEmptyAudienceArray() {
        assertEquals(RejectionReason.INVALID, rejectionOf(rs256(validClaimsWith("aud", List.of()))));
    }

    @Test
    void rejectsAudienceArrayHoldingNull() {
        // Found by TokenVerifierFuzzTest (fuzz/token/found-7c1588102eaa84ee.txt): a NullPointerException, not a rejection.
        assertEquals(RejectionReason.INVALID, rejectionOf(rs256(validClaimsWith("aud", java.util.Arrays.asList(null, "other")))));
    }

    @Test
    void rejectsOtherAudience() {
        assertEquals(RejectionReason.INVALID, rejectionOf(rs256(validClaimsWith("aud", "another-client"))));
    }

    @Test
    void rejectsAudienceArrayWithoutClientId() {
        assertEquals(RejectionReason.INVALID,
                rejectionOf(rs256(validClaimsWith("aud", List.of("another-client", "third-client")))));
    }

    @Test
    void rejectsAudienceThatContainsClientIdOnlyAsSubstring() {
        assertEquals(RejectionReason.INVALID, rejectionOf(rs256(validClaimsWith("aud", AUDIENCE + "-evil"))));
    }

    // --- verify: signature ---

    @Test
    void rejectsSignatureByAnotherKeyWithTheSameKid() {
        String token = sign("RS256", IMPOSTOR_RSA.getPrivateKey(), json(header("RS256", RSA_KID)), json(validClaims()));

        assertEquals(RejectionReason.INVALID, rejectionOf(token));
    }

    @Test
    void rejectsPayloadAlteredAfterSigning() {
        String token = rs256(validClaims());
        String[] parts = token.split("\\.");
        String altered = parts[0] + "." + b64(json(validClaimsWith("sub", "admin"))) + "." + parts[2];

        assertEquals(RejectionReason.INVALID, rejectionOf(altered));
    }

    @Test
    void rejectsEs256SignatureWithRAndSZero() {
        String token = withSignatureSegment(json(header("ES256", EC_KID)), json(validClaims()), b64(new byte[64]));

        assertEquals(RejectionReason.INVALID, rejectionOf(token));
    }

    @Test
    void rejectsEs256SignatureInDerEncoding() throws Exception {
        String headerJson = json(header("ES256", EC_KID));
        String payloadJson = json(validClaims());
        Signature der = Signature.getInstance("SHA256withECDSA");
        der.initSign(EC.getPrivateKey());
        der.update(signingInput(headerJson, payloadJson).getBytes(StandardCharsets.US_ASCII));

        assertEquals(RejectionReason.INVALID, rejectionOf(withSignatureSegment(headerJson, payloadJson, b64(der.sign()))));
    }

    @Test
    void rejectsTruncatedRs256Signature() {
        String token = rs256(validClaims());

        assertEquals(RejectionReason.INVALID, rejectionOf(token.substring(0, token.length() - 4)));
    }

    @Test
    void rejectsGarbageSignature() {
        assertEquals(RejectionReason.INVALID, rejectionOf(
                withSignatureSegment(json(header("RS256", RSA_KID)), json(validClaims()), b64(new byte[256]))));
    }

    // --- verify: algorithm policy ---

    @Test
    void rejectsAlgorithmNotInProvidersPolicy() {
        String token = rs256(validClaims());

        TokenRejectedException e = assertThrows(TokenRejectedException.class,
                () -> verifyFully(token, PROVIDER_KEYS, policy("ES256")));
        assertEquals(RejectionReason.INVALID, e.reason());
    }

    @Test
    void rejectsValidlySignedRs384WhenPolicyAllowsOnlyRs256() {
        String token = sign("RS384", RSA.getPrivateKey(), json(header("RS384", RSA_KID)), json(validClaims()));

        TokenRejectedException e = assertThrows(TokenRejectedException.class,
                () -> verifyFully(token, PROVIDER_KEYS, policy("RS256")));
        assertEquals(RejectionReason.INVALID, e.reason());
    }

    @Test
    void acceptsValidlySignedRs384WhenPolicyAllowsIt() throws TokenRejectedException {
        String token = sign("RS384", RSA.getPrivateKey(), json(header("RS384", RSA_KID)), json(validClaims()));

        assertEquals(SUBJECT, verifyFully(token, PROVIDER_KEYS, policy("RS384")).getClaimValue("sub"));
    }

    private static List<String> audienceOf(JwtClaims claims) {
        try {
            return claims.getAudience();
        } catch (MalformedClaimException e) {
            throw new AssertionError(e);
        }
    }
}
