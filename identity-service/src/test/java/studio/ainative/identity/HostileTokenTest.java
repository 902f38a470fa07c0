package studio.ainative.identity;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static studio.ainative.identity.fixtures.Platform.verify;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.OctJwkGenerator;
import org.jose4j.jwk.OctetSequenceJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.EllipticCurves;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import studio.ainative.platform.testing.IdpServer;
import studio.ainative.identity.fixtures.IdpServerResource;
import studio.ainative.identity.fixtures.Platform;
import studio.ainative.platform.testing.TestClock;
import studio.ainative.platform.testing.TestIdp;

/**
 * TOKEN-ATTACKS.md, one fault per test, through {@code GET /api/v1/auth/verify}. Every token here is
 * valid except for the one thing the test names; after each test the service must still accept a
 * valid token.
 */
@QuarkusTest
@QuarkusTestResource(IdpServerResource.class)
class HostileTokenTest {

    private static Platform.Project project;
    private static TestIdp idp;

    @BeforeEach
    void registerProviderOnce() {
        TestClock.INSTANCE.release();
        if (project == null) {
            project = Platform.newProject();
            idp = TestIdp.create();
            Platform.registerOk(project, idp);
        }
    }

    @AfterEach
    void serviceStillAcceptsAValidToken() {
        TestClock.INSTANCE.release();
        verify(idp.token()).then().statusCode(200).body("valid", is(true));
    }

    // --- 1. alg none -----------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"none", "None", "NONE", "nOnE"})
    void rejectsUnsignedTokenWithAlgNone(String alg) {
        String header = "{\"alg\":\"" + alg + "\",\"typ\":\"JWT\",\"kid\":\"" + idp.signingKey.getKeyId() + "\"}";
        assertRejected(verify(TestIdp.compact(header, claimsJson(), new byte[0])));
        assertRejected(verify(TestIdp.compact(header, claimsJson(), new byte[0]).replaceAll("\\.$", "")));
    }

    // --- 2. RS256 → HS256 confusion --------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"pem", "der", "jwk"})
    void rejectsHs256SignedWithTheProvidersPublicKeyAsSecret(String encoding) throws Exception {
        byte[] der = idp.signingKey.getPublicKey().getEncoded();
        byte[] secret = switch (encoding) {
            case "pem" -> ("-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                    + "\n-----END PUBLIC KEY-----\n").getBytes(StandardCharsets.US_ASCII);
            case "der" -> der;
            default -> idp.signingKey.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY).getBytes(StandardCharsets.UTF_8);
        };
        String header = "{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"" + idp.signingKey.getKeyId() + "\"}";
        assertRejected(verify(hmac(header, claimsJson(), secret)));
    }

    // --- 3. symmetric key published in the JWKS --------------------------------------------------

    @Test
    void rejectsHs256SignedWithAnOctKeyThatTheJwksPublishes() throws Exception {
        TestIdp other = TestIdp.create();
        OctetSequenceJsonWebKey oct = OctJwkGenerator.generateJwk(256);
        oct.setKeyId("oct-" + UUID.randomUUID());
        String jwks = "{\"keys\":[" + other.signingKey.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY) + ","
                + oct.toJson(JsonWebKey.OutputControlLevel.INCLUDE_SYMMETRIC) + "]}";
        IdpServer.get().answer(other.jwksPath, IdpServer.Answer.json(jwks));
        Response registered = Platform.register(project, other.registration(null));
        registered.then().statusCode(201).body("jwks.skipped.kid", hasItem(oct.getKeyId()));

        String header = "{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"" + oct.getKeyId() + "\"}";
        assertRejected(verify(hmac(header, claimsJson(other), oct.getKey().getEncoded())));
    }

    // --- 4. alg / key mismatch, encryption key ---------------------------------------------------

    @Test
    void rejectsEs256HeaderNamingAnRsaKey() throws Exception {
        EllipticCurveJsonWebKey ec = EcJwkGenerator.generateJwk(EllipticCurves.P256);
        ec.setKeyId(idp.signingKey.getKeyId());
        assertRejected(verify(TestIdp.sign(idp.claims("a@example.com"), ec, "ES256", Map.of())));
    }

    @Test
    void rejectsTokenSignedWithAKeyPublishedForEncryption() {
        TestIdp other = TestIdp.create();
        RsaJsonWebKey enc = TestIdp.newRsaKey(2048);
        enc.setUse("enc");
        other.alsoPublish(enc);
        Response registered = Platform.register(project, other.registration(null));
        registered.then().statusCode(201).body("jwks.skipped.kid", hasItem(enc.getKeyId()));
        assertRejected(verify(TestIdp.sign(other.claims("a@example.com"), enc, "RS256", Map.of())));
    }

    // --- 5. broken signatures --------------------------------------------------------------------

    @Test
    void rejectsStrippedSignature() {
        String token = idp.token();
        assertRejected(verify(token.substring(0, token.lastIndexOf('.') + 1)));
    }

    @Test
    void rejectsGarbageSignature() {
        String token = idp.token();
        byte[] garbage = new byte[256];
        new java.util.Random(7).nextBytes(garbage);
        assertRejected(verify(token.substring(0, token.lastIndexOf('.') + 1) + TestIdp.b64(garbage)));
    }

    @Test
    void rejectsSignatureOfWrongLength() {
        String token = idp.token();
        byte[] signature = Base64.getUrlDecoder().decode(token.substring(token.lastIndexOf('.') + 1));
        byte[] truncated = java.util.Arrays.copyOf(signature, signature.length - 1);
        byte[] extended = java.util.Arrays.copyOf(signature, signature.length + 1);
        String input = token.substring(0, token.lastIndexOf('.') + 1);
        assertRejected(verify(input + TestIdp.b64(truncated)));
        assertRejected(verify(input + TestIdp.b64(extended)));
    }

    @Test
    void rejectsDerEncodedEcdsaSignatureButAcceptsTheSameSignatureInJoseForm() throws Exception {
        EcProvider provider = ecProvider();
        EllipticCurveJsonWebKey ec = provider.key();
        String valid = TestIdp.sign(provider.idp().claims("a@example.com"), ec, "ES256", Map.of());
        verify(valid).then().statusCode(200);

        String input = valid.substring(0, valid.lastIndexOf('.'));
        Signature der = Signature.getInstance("SHA256withECDSA");
        der.initSign(ec.getPrivateKey());
        der.update(input.getBytes(StandardCharsets.US_ASCII));
        assertRejected(verify(input + "." + TestIdp.b64(der.sign())));
    }

    // --- 6. CVE-2022-21449 -----------------------------------------------------------------------

    @Test
    void rejectsEs256SignatureWithZeroRAndS() throws Exception {
        EcProvider provider = ecProvider();
        String valid = TestIdp.sign(provider.idp().claims("a@example.com"), provider.key(), "ES256", Map.of());
        verify(valid).then().statusCode(200);
        assertRejected(verify(valid.substring(0, valid.lastIndexOf('.') + 1) + TestIdp.b64(new byte[64])));
    }

    // --- 7. another key under a registered kid ---------------------------------------------------

    @Test
    void rejectsSignatureByAnotherKeyCarryingTheRegisteredKid() {
        RsaJsonWebKey impostor = TestIdp.newRsaKey(2048);
        impostor.setKeyId(idp.signingKey.getKeyId());
        assertRejected(verify(TestIdp.sign(idp.claims("a@example.com"), impostor, "RS256", Map.of())));
    }

    // --- 8. hostile kid values -------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"../../dev/null", "' OR '1'='1' --", "kid\u0000null", "/etc/passwd"})
    void rejectsKidThatIsAPathOrSql(String kid) {
        assertRejected(verify(TestIdp.sign(idp.claims("a@example.com"), idp.signingKey, "RS256", Map.of("kid", kid))));
    }

    @Test
    void rejectsTenKilobyteKid() {
        assertRejected(verify(TestIdp.sign(idp.claims("a@example.com"), idp.signingKey, "RS256", Map.of("kid", "k".repeat(10_240)))));
    }

    // --- 10. key references in the header --------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"jku", "x5u"})
    void rejectsKeyUrlHeaderAndNeverFetchesIt(String member) {
        String path = "/attacker/" + UUID.randomUUID();
        String token = TestIdp.sign(idp.claims("a@example.com"), idp.signingKey, "RS256", Map.of(member, IdpServer.get().url(path)));
        assertRejected(verify(token));
        assertEquals(0, IdpServer.get().hits(path), "the URL named in the header must never be fetched");
    }

    @Test
    void rejectsEmbeddedJwkHeader() {
        RsaJsonWebKey attacker = TestIdp.newRsaKey(2048);
        String token = TestIdp.sign(idp.claims("a@example.com"), attacker, "RS256",
                Map.of("jwk", attacker.toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY)));
        assertRejected(verify(token));
    }

    @Test
    void rejectsX5cHeaderEvenWhenTheSignatureIsFromTheRegisteredKey() {
        // The member's presence alone is refused, so any certificate bytes will do.
        String certificate = Base64.getEncoder().encodeToString(idp.signingKey.getPublicKey().getEncoded());
        String token = TestIdp.sign(idp.claims("a@example.com"), idp.signingKey, "RS256", Map.of("x5c", List.of(certificate)));
        assertRejected(verify(token));
    }

    // --- 11. crit --------------------------------------------------------------------------------

    @Test
    void rejectsCritNamingAnUnknownExtension() {
        String token = TestIdp.sign(idp.claims("a@example.com"), idp.signingKey, "RS256",
                Map.of("crit", List.of("https://example.com/ext"), "https://example.com/ext", true));
        assertRejected(verify(token));
    }

    // --- 12. duplicate members -------------------------------------------------------------------

    @Test
    void rejectsDuplicateClaimMembers() {
        long now = TestClock.INSTANCE.instant().getEpochSecond();
        String payload = "{\"iss\":\"" + idp.issuer + "\",\"aud\":[\"" + idp.clientId + "\"],\"sub\":\"user-test-a\","
                + "\"sub\":\"user-test-b\",\"iat\":" + now + ",\"exp\":" + (now + 300) + "}";
        assertRejected(verify(idp.signRaw(rsaHeader(), payload)));
    }

    @Test
    void rejectsDuplicateHeaderMembers() {
        String header = "{\"alg\":\"RS256\",\"kid\":\"" + idp.signingKey.getKeyId() + "\",\"alg\":\"none\"}";
        assertRejected(verify(idp.signRaw(header, claimsJson())));
    }

    // --- 13. serialization variants --------------------------------------------------------------

    @Test
    void rejectsJwsJsonSerialization() {
        String token = idp.token();
        String[] parts = token.split("\\.");
        String json = "{\"payload\":\"" + parts[1] + "\",\"signatures\":[{\"protected\":\"" + parts[0]
                + "\",\"signature\":\"" + parts[2] + "\"}]}";
        assertRejected(verify(json));
    }

    @Test
    void rejectsTwoSegments() {
        String token = idp.token();
        assertRejected(verify(token.substring(0, token.lastIndexOf('.'))));
    }

    @Test
    void rejectsFourSegments() {
        assertRejected(verify(idp.token() + ".AAAA"));
    }

    @Test
    void rejectsFiveSegmentJwe() {
        String token = idp.token();
        String[] p = token.split("\\.");
        assertRejected(verify(TestIdp.b64("{\"alg\":\"RSA-OAEP\",\"enc\":\"A256GCM\"}".getBytes()) + "." + p[2] + ".AAAAAAAAAAAAAAAA." + p[1] + ".AAAAAAAAAAAAAAAAAAAAAA"));
    }

    @Test
    void rejectsBase64Padding() {
        String[] p = idp.token().split("\\.");
        assertRejected(verify(p[0] + "==." + p[1] + "." + p[2]));
    }

    @Test
    void rejectsStandardBase64Alphabet() {
        String token = TestIdp.sign(idp.claims("a@example.com"), idp.signingKey, "RS256", Map.of("pad", "\u00ff\u00fe\u00ff\u00fe~~~???>>>"));
        String standard = token.replace('-', '+').replace('_', '/');
        assertTrue(!standard.equals(token), "the token must contain base64url-only characters for this test");
        assertRejected(verify(standard));
    }

    // --- 14. size --------------------------------------------------------------------------------

    @Test
    void rejectsTokenOverEightKibibytes() {
        JwtClaims claims = idp.claims("a@example.com");
        claims.setClaim("padding", "p".repeat(7_000));
        String token = idp.sign(claims);
        assertTrue(token.length() > 8192);
        assertRejected(verify(token));
    }

    @Test
    void refusesSixtyFourKibibyteAuthorizationHeader() {
        int status = verify("a".repeat(64 * 1024)).statusCode();
        assertTrue(status == 431 || status == 401, "expected 431 or 401, got " + status);
    }

    @Test
    void refusesOneMebibyteAuthorizationHeader() {
        int status;
        try {
            status = verify("a".repeat(1024 * 1024)).statusCode();
        } catch (Exception connectionClosedByServer) {
            status = 431;
        }
        assertTrue(status == 431 || status == 401, "expected 431 or 401, got " + status);
    }

    // --- 15. hostile payloads --------------------------------------------------------------------

    @Test
    void rejectsDeeplyNestedPayloadWithoutStackOverflow() {
        long now = TestClock.INSTANCE.instant().getEpochSecond();
        String deep = "[".repeat(2_400) + "]".repeat(2_400);
        String payload = "{\"iss\":\"" + idp.issuer + "\",\"aud\":\"" + idp.clientId + "\",\"sub\":\"user-test-a\",\"exp\":"
                + (now + 300) + ",\"deep\":" + deep + "}";
        assertRejected(verify(idp.signRaw(rsaHeader(), payload)));
        assertEquals(401, verify(idp.signRaw(rsaHeader(), payload.replace("\"exp\":" + (now + 300), "\"exp\":1e400"))).statusCode());
    }

    @Test
    void rejectsExpOfOneE400() {
        String payload = "{\"iss\":\"" + idp.issuer + "\",\"aud\":\"" + idp.clientId + "\",\"sub\":\"user-test-a\",\"exp\":1e400}";
        assertRejected(verify(idp.signRaw(rsaHeader(), payload)));
    }

    @Test
    void rejectsPayloadThatIsAJsonArray() {
        assertRejected(verify(idp.signRaw(rsaHeader(), "[\"" + idp.issuer + "\"]")));
    }

    @Test
    void rejectsPayloadThatIsNotJson() {
        assertRejected(verify(idp.signRaw(rsaHeader(), "hello, world")));
    }

    // --- 16. expiry boundary ---------------------------------------------------------------------

    @Test
    void rejectsTokenExpiredByOneSecondMoreThanTheSkew() {
        long now = TestClock.INSTANCE.freeze().getEpochSecond();
        JwtClaims claims = idp.claims("a@example.com");
        claims.setIssuedAt(NumericDate.fromSeconds(now - 600));
        claims.setNotBefore(NumericDate.fromSeconds(now - 600));
        claims.setExpirationTime(NumericDate.fromSeconds(now - 60 - 1));
        Response r = verify(idp.sign(claims));
        assertRejected(r);
        r.then().body("error_description", equalTo("token expired"));
    }

    @Test
    void acceptsTokenExpiredByOneSecondLessThanTheSkew() {
        long now = TestClock.INSTANCE.freeze().getEpochSecond();
        JwtClaims claims = idp.claims("a@example.com");
        claims.setIssuedAt(NumericDate.fromSeconds(now - 600));
        claims.setNotBefore(NumericDate.fromSeconds(now - 600));
        claims.setExpirationTime(NumericDate.fromSeconds(now - 60 + 1));
        verify(idp.sign(claims)).then().statusCode(200).body("valid", is(true));
    }

    // --- 17. exp / nbf ---------------------------------------------------------------------------

    @Test
    void rejectsTokenWithoutExp() {
        JwtClaims claims = idp.claims("a@example.com");
        claims.unsetClaim("exp");
        assertRejected(verify(idp.sign(claims)));
    }

    @Test
    void rejectsExpThatIsAString() {
        JwtClaims claims = idp.claims("a@example.com");
        claims.setClaim("exp", String.valueOf(TestClock.INSTANCE.instant().getEpochSecond() + 300));
        assertRejected(verify(idp.sign(claims)));
    }

    @Test
    void rejectsNbfBeyondTheSkewInTheFuture() {
        long now = TestClock.INSTANCE.freeze().getEpochSecond();
        JwtClaims claims = idp.claims("a@example.com");
        claims.setNotBefore(NumericDate.fromSeconds(now + 61));
        Response r = verify(idp.sign(claims));
        assertRejected(r);
        r.then().body("error_description", equalTo("token not yet valid"));
    }

    // --- 18. audience ----------------------------------------------------------------------------

    @Test
    void acceptsAudienceAsAString() {
        JwtClaims claims = idp.claims("a@example.com");
        claims.setAudience(idp.clientId);
        verify(idp.sign(claims)).then().statusCode(200);
    }

    @Test
    void acceptsAudienceArrayContainingTheClientId() {
        JwtClaims claims = idp.claims("a@example.com");
        claims.setAudience(List.of("someone-else", idp.clientId));
        verify(idp.sign(claims)).then().statusCode(200);
    }

    @Test
    void rejectsMissingAudience() {
        JwtClaims claims = idp.claims("a@example.com");
        claims.unsetClaim("aud");
        assertRejected(verify(idp.sign(claims)));
    }

    @Test
    void rejectsEmptyAudienceArray() {
        JwtClaims claims = idp.claims("a@example.com");
        claims.setClaim("aud", List.of());
        assertRejected(verify(idp.sign(claims)));
    }

    @Test
    void rejectsOtherAudience() {
        JwtClaims claims = idp.claims("a@example.com");
        claims.setAudience("another-client");
        assertRejected(verify(idp.sign(claims)));
    }

    // --- 19. issuer ------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"trailing-slash", "upper-case", "unregistered"})
    void rejectsIssuerThatIsNotExactlyRegistered(String variant) {
        JwtClaims claims = idp.claims("a@example.com");
        claims.setIssuer(switch (variant) {
            case "trailing-slash" -> idp.issuer + "/";
            case "upper-case" -> idp.issuer.toUpperCase();
            default -> "https://unregistered.example/" + UUID.randomUUID();
        });
        Response r = verify(idp.sign(claims));
        assertRejected(r);
        r.then().body("error_description", equalTo("issuer not registered"));
    }

    // --- 20. keys are per provider ---------------------------------------------------------------

    @Test
    void rejectsTokenOfProviderASignedWithProviderBsKeyThatReusesAsKid() {
        TestIdp b = TestIdp.create();
        RsaJsonWebKey bKey = TestIdp.newRsaKey(2048);
        bKey.setKeyId(idp.signingKey.getKeyId());
        b.alsoPublish(bKey);
        Platform.registerOk(project, b);
        verify(TestIdp.sign(b.claims("b@example.com"), bKey, "RS256", Map.of())).then().statusCode(200);

        assertRejected(verify(TestIdp.sign(idp.claims("a@example.com"), bKey, "RS256", Map.of())));
    }

    // --- 21. project binding ---------------------------------------------------------------------

    @Test
    void refusesTokenOfProjectBPresentedForProjectA() {
        Platform.Project other = Platform.newProject();
        verify(idp.token(), other.id()).then().statusCode(403).body("valid", is(false)).body("error", equalTo("project_mismatch"));
        verify(idp.token(), project.id()).then().statusCode(200);
    }

    // --- 22. unusable keys -----------------------------------------------------------------------

    @Test
    void skipsAndReportsRsaKeyUnder2048BitsAndRejectsTokensSignedWithIt() {
        TestIdp other = TestIdp.create();
        RsaJsonWebKey weak = TestIdp.newRsaKey(1024);
        other.alsoPublish(weak);
        Response registered = Platform.register(project, other.registration(null));
        registered.then().statusCode(201)
                .body("jwks.usable_keys", equalTo(1))
                .body("jwks.skipped.find { it.kid == '" + weak.getKeyId() + "' }.reason", containsString("2048"));
        verify(other.token()).then().statusCode(200);
        assertRejected(verify(TestIdp.sign(other.claims("a@example.com"), weak, "RS256", Map.of())));
    }

    // --- 28. scheme case -------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"bearer", "BEARER", "BeArEr"})
    void acceptsBearerSchemeInAnyCase(String scheme) {
        io.restassured.RestAssured.given().header("Authorization", scheme + " " + idp.token()).get("/api/v1/auth/verify")
                .then().statusCode(200).body("valid", is(true));
    }

    // --- 29. rotation ----------------------------------------------------------------------------

    @Test
    void acceptsTokensSignedWithKeysPublishedAfterTheLastFetchEvenTwiceInARow() {
        TestIdp rotating = TestIdp.create();
        Platform.registerOk(project, rotating);
        verify(rotating.token()).then().statusCode(200);

        RsaJsonWebKey next = TestIdp.newRsaKey(2048);
        rotating.alsoPublish(next);
        verify(TestIdp.sign(rotating.claims("a@example.com"), next, "RS256", Map.of())).then().statusCode(200);

        RsaJsonWebKey third = TestIdp.newRsaKey(2048);
        rotating.alsoPublish(third);
        verify(TestIdp.sign(rotating.claims("a@example.com"), third, "RS256", Map.of())).then().statusCode(200);
    }

    // --- 30. provider deleted --------------------------------------------------------------------

    @Test
    void rejectsTokensOfADeletedProviderAtOnce() {
        TestIdp doomed = TestIdp.create();
        String providerId = Platform.registerOk(project, doomed);
        String token = doomed.token();
        verify(token).then().statusCode(200);

        io.restassured.RestAssured.given().header("Authorization", "Bearer " + project.apiKey())
                .delete("/api/v1/auth/providers/" + providerId).then().statusCode(204);
        Response r = verify(token);
        assertRejected(r);
        r.then().body("error_description", equalTo("issuer not registered"));
    }

    // --- helpers ---------------------------------------------------------------------------------

    private static void assertRejected(Response r) {
        r.then().statusCode(401)
                .header("WWW-Authenticate", containsString("Bearer error=\"invalid_token\""))
                .body("valid", is(false))
                .body("error", equalTo("invalid_token"));
    }

    /** A provider of its own that also publishes an EC P-256 key, registered after the key is published. */
    private record EcProvider(TestIdp idp, EllipticCurveJsonWebKey key) {
    }

    private static EcProvider ecProvider() throws Exception {
        TestIdp other = TestIdp.create();
        EllipticCurveJsonWebKey ec = EcJwkGenerator.generateJwk(EllipticCurves.P256);
        ec.setKeyId("ec-" + UUID.randomUUID());
        other.alsoPublish(ec);
        Platform.registerOk(project, other);
        return new EcProvider(other, ec);
    }

    private static String rsaHeader() {
        return "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + idp.signingKey.getKeyId() + "\"}";
    }

    private static String claimsJson() {
        return claimsJson(idp);
    }

    private static String claimsJson(TestIdp provider) {
        return provider.claims("a@example.com").toJson();
    }

    private static String hmac(String header, String payload, byte[] secret) throws Exception {
        String input = TestIdp.b64(header.getBytes(StandardCharsets.UTF_8)) + "." + TestIdp.b64(payload.getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        return input + "." + TestIdp.b64(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    }
}
