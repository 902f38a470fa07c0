package studio.ainative.identity;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import studio.ainative.identity.fixtures.Platform;
import studio.ainative.identity.verification.RejectionReason;
import studio.ainative.platform.testing.TestClock;
import studio.ainative.platform.testing.TestIdp;

/**
 * TOKEN-ATTACKS.md, one fault per test. Every token here is valid except for the one thing the test
 * names; after each test the service must still accept a valid token.
 *
 * <p>The rows are written once, against a transport: each concrete subclass presents the tokens to
 * one endpoint and says what "accepted" and "rejected" look like there ({@link HostileTokenVerifyTest}:
 * {@code GET /api/v1/auth/verify}; {@link HostileTokenIntrospectionTest}: {@code POST
 * /internal/v1/introspect}). Each subclass also holds the rows that only make sense for its endpoint.
 */
abstract class HostileTokenTest {

    /** The project and provider of the subclass running now (each endpoint gets its own). */
    protected static Platform.Project project;
    protected static TestIdp idp;
    private static Class<?> fixtureOwner;

    @BeforeEach
    void registerProviderOncePerEndpoint() {
        TestClock.INSTANCE.release();
        // A provider of its own per endpoint: hand-built tokens (rows 12, 15) are then different strings
        // for each endpoint, so neither endpoint's run is answered from the rejection the other cached.
        if (fixtureOwner != getClass()) {
            project = Platform.newProject();
            idp = TestIdp.create();
            Platform.registerOk(project, idp);
            fixtureOwner = getClass();
        }
    }

    @AfterEach
    void serviceStillAcceptsAValidToken() {
        TestClock.INSTANCE.release();
        assertAccepted(present(idp.token()));
    }

    // --- the transport -------------------------------------------------------------------------------

    /** Presents the token to the endpoint under test, naming no project. */
    protected abstract Response present(String token);

    /** Presents the token, naming the project the caller expects it to belong to. */
    protected abstract Response presentForProject(String token, String projectId);

    /** The endpoint's answer to a valid token of {@link #project}. */
    protected abstract void assertAccepted(Response r);

    /** The endpoint's answer to a refused token. */
    protected abstract void assertRejected(Response r);

    /** A refused token, where the endpoint tells the caller why; an endpoint that never says why checks the refusal only. */
    protected abstract void assertRejected(Response r, RejectionReason why);

    /**
     * A token of a kid the provider does not have: refused, or, once the first such token spent the
     * unknown-kid refetch budget, "keys unavailable" (the kid may be a key rotated in meanwhile); never accepted.
     */
    protected abstract void assertUnknownKidRefused(Response r);

    /**
     * The answer to a valid token of {@link #project} presented for {@code namedProject}, another project:
     * the endpoint must never let the caller take it for a token of {@code namedProject}.
     */
    protected abstract void assertNotTakenForProject(Response r, Platform.Project namedProject);

    // --- 1. alg none -----------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"none", "None", "NONE", "nOnE"})
    void rejectsUnsignedTokenWithAlgNone(String alg) {
        String header = "{\"alg\":\"" + alg + "\",\"typ\":\"JWT\",\"kid\":\"" + idp.signingKey.getKeyId() + "\"}";
        assertRejected(present(TestIdp.compact(header, claimsJson(), new byte[0])));
        assertRejected(present(TestIdp.compact(header, claimsJson(), new byte[0]).replaceAll("\\.$", "")));
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
        assertRejected(present(hmac(header, claimsJson(), secret)));
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
        assertRejected(present(hmac(header, claimsJson(other), oct.getKey().getEncoded())));
    }

    // --- 4. alg / key mismatch, encryption key ---------------------------------------------------

    @Test
    void rejectsEs256HeaderNamingAnRsaKey() throws Exception {
        EllipticCurveJsonWebKey ec = EcJwkGenerator.generateJwk(EllipticCurves.P256);
        ec.setKeyId(idp.signingKey.getKeyId());
        assertRejected(present(TestIdp.sign(idp.claims("a@example.com"), ec, "ES256", Map.of())));
    }

    @Test
    void rejectsTokenSignedWithAKeyPublishedForEncryption() {
        TestIdp other = TestIdp.create();
        RsaJsonWebKey enc = TestIdp.newRsaKey(2048);
        enc.setUse("enc");
        other.alsoPublish(enc);
        Response registered = Platform.register(project, other.registration(null));
        registered.then().statusCode(201).body("jwks.skipped.kid", hasItem(enc.getKeyId()));
        assertRejected(present(TestIdp.sign(other.claims("a@example.com"), enc, "RS256", Map.of())));
    }

    // --- 5. broken signatures --------------------------------------------------------------------

    @Test
    void rejectsStrippedSignature() {
        String token = idp.token();
        assertRejected(present(token.substring(0, token.lastIndexOf('.') + 1)));
    }

    @Test
    void rejectsGarbageSignature() {
        String token = idp.token();
        byte[] garbage = new byte[256];
        new java.util.Random(7).nextBytes(garbage);
        assertRejected(present(token.substring(0, token.lastIndexOf('.') + 1) + TestIdp.b64(garbage)));
    }

    @Test
    void rejectsSignatureOfWrongLength() {
        String token = idp.token();
        byte[] signature = Base64.getUrlDecoder().decode(token.substring(token.lastIndexOf('.') + 1));
        byte[] truncated = java.util.Arrays.copyOf(signature, signature.length - 1);
        byte[] extended = java.util.Arrays.copyOf(signature, signature.length + 1);
        String input = token.substring(0, token.lastIndexOf('.') + 1);
        assertRejected(present(input + TestIdp.b64(truncated)));
        assertRejected(present(input + TestIdp.b64(extended)));
    }

    @Test
    void rejectsDerEncodedEcdsaSignatureButAcceptsTheSameSignatureInJoseForm() throws Exception {
        EcProvider provider = ecProvider();
        EllipticCurveJsonWebKey ec = provider.key();
        String valid = TestIdp.sign(provider.idp().claims("a@example.com"), ec, "ES256", Map.of());
        assertAccepted(present(valid));

        String input = valid.substring(0, valid.lastIndexOf('.'));
        Signature der = Signature.getInstance("SHA256withECDSA");
        der.initSign(ec.getPrivateKey());
        der.update(input.getBytes(StandardCharsets.US_ASCII));
        assertRejected(present(input + "." + TestIdp.b64(der.sign())));
    }

    // --- 6. CVE-2022-21449 -----------------------------------------------------------------------

    @Test
    void rejectsEs256SignatureWithZeroRAndS() throws Exception {
        EcProvider provider = ecProvider();
        String valid = TestIdp.sign(provider.idp().claims("a@example.com"), provider.key(), "ES256", Map.of());
        assertAccepted(present(valid));
        assertRejected(present(valid.substring(0, valid.lastIndexOf('.') + 1) + TestIdp.b64(new byte[64])));
    }

    // --- 7. another key under a registered kid ---------------------------------------------------

    @Test
    void rejectsSignatureByAnotherKeyCarryingTheRegisteredKid() {
        RsaJsonWebKey impostor = TestIdp.newRsaKey(2048);
        impostor.setKeyId(idp.signingKey.getKeyId());
        assertRejected(present(TestIdp.sign(idp.claims("a@example.com"), impostor, "RS256", Map.of())));
    }

    // --- 8. hostile kid values -------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"../../dev/null", "' OR '1'='1' --", "kid\u0000null", "/etc/passwd"})
    void rejectsKidThatIsAPathOrSql(String kid) {
        assertUnknownKidRefused(present(TestIdp.sign(idp.claims("a@example.com"), idp.signingKey, "RS256", Map.of("kid", kid))));
    }

    @Test
    void rejectsTenKilobyteKid() {
        assertRejected(present(TestIdp.sign(idp.claims("a@example.com"), idp.signingKey, "RS256", Map.of("kid", "k".repeat(10_240)))));
    }

    // --- 10. key references in the header --------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"jku", "x5u"})
    void rejectsKeyUrlHeaderAndNeverFetchesIt(String member) {
        String path = "/attacker/" + UUID.randomUUID();
        String token = TestIdp.sign(idp.claims("a@example.com"), idp.signingKey, "RS256", Map.of(member, IdpServer.get().url(path)));
        assertRejected(present(token));
        assertEquals(0, IdpServer.get().hits(path), "the URL named in the header must never be fetched");
    }

    @Test
    void rejectsEmbeddedJwkHeader() {
        RsaJsonWebKey attacker = TestIdp.newRsaKey(2048);
        String token = TestIdp.sign(idp.claims("a@example.com"), attacker, "RS256",
                Map.of("jwk", attacker.toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY)));
        assertRejected(present(token));
    }

    @Test
    void rejectsX5cHeaderEvenWhenTheSignatureIsFromTheRegisteredKey() {
        // The member's presence alone is refused, so any certificate bytes will do.
        String certificate = Base64.getEncoder().encodeToString(idp.signingKey.getPublicKey().getEncoded());
        String token = TestIdp.sign(idp.claims("a@example.com"), idp.signingKey, "RS256", Map.of("x5c", List.of(certificate)));
        assertRejected(present(token));
    }

    // --- 11. crit --------------------------------------------------------------------------------

    @Test
    void rejectsCritNamingAnUnknownExtension() {
        String token = TestIdp.sign(idp.claims("a@example.com"), idp.signingKey, "RS256",
                Map.of("crit", List.of("https://example.com/ext"), "https://example.com/ext", true));
        assertRejected(present(token));
    }

    // --- 12. duplicate members -------------------------------------------------------------------

    @Test
    void rejectsDuplicateClaimMembers() {
        long now = TestClock.INSTANCE.instant().getEpochSecond();
        String payload = "{\"iss\":\"" + idp.issuer + "\",\"aud\":[\"" + idp.clientId + "\"],\"sub\":\"user-test-a\","
                + "\"sub\":\"user-test-b\",\"iat\":" + now + ",\"exp\":" + (now + 300) + "}";
        assertRejected(present(idp.signRaw(rsaHeader(), payload)));
    }

    @Test
    void rejectsDuplicateHeaderMembers() {
        String header = "{\"alg\":\"RS256\",\"kid\":\"" + idp.signingKey.getKeyId() + "\",\"alg\":\"none\"}";
        assertRejected(present(idp.signRaw(header, claimsJson())));
    }

    // --- 13. serialization variants --------------------------------------------------------------

    @Test
    void rejectsJwsJsonSerialization() {
        String token = idp.token();
        String[] parts = token.split("\\.");
        String json = "{\"payload\":\"" + parts[1] + "\",\"signatures\":[{\"protected\":\"" + parts[0]
                + "\",\"signature\":\"" + parts[2] + "\"}]}";
        assertRejected(present(json));
    }

    @Test
    void rejectsTwoSegments() {
        String token = idp.token();
        assertRejected(present(token.substring(0, token.lastIndexOf('.'))));
    }

    @Test
    void rejectsFourSegments() {
        assertRejected(present(idp.token() + ".AAAA"));
    }

    @Test
    void rejectsFiveSegmentJwe() {
        String token = idp.token();
        String[] p = token.split("\\.");
        assertRejected(present(TestIdp.b64("{\"alg\":\"RSA-OAEP\",\"enc\":\"A256GCM\"}".getBytes()) + "." + p[2] + ".AAAAAAAAAAAAAAAA." + p[1] + ".AAAAAAAAAAAAAAAAAAAAAA"));
    }

    @Test
    void rejectsBase64Padding() {
        String[] p = idp.token().split("\\.");
        assertRejected(present(p[0] + "==." + p[1] + "." + p[2]));
    }

    @Test
    void rejectsStandardBase64Alphabet() {
        String token = TestIdp.sign(idp.claims("a@example.com"), idp.signingKey, "RS256", Map.of("pad", "\u00ff\u00fe\u00ff\u00fe~~~???>>>"));
        String standard = token.replace('-', '+').replace('_', '/');
        assertTrue(!standard.equals(token), "the token must contain base64url-only characters for this test");
        assertRejected(present(standard));
    }

    // --- 14. size --------------------------------------------------------------------------------

    @Test
    void acceptsTokenJustUnderEightKibibytes() {
        JwtClaims claims = idp.claims("a@example.com");
        String unpadded = idp.sign(claims);
        // base64url of the padding claim: 4 characters per 3 bytes, plus its member's own 14 characters
        claims.setClaim("padding", "p".repeat((8_100 - unpadded.length()) * 3 / 4 - 14));
        String token = idp.sign(claims);
        assertTrue(token.length() > 8_000 && token.length() <= 8192, "length " + token.length());
        assertAccepted(present(token));
    }

    @Test
    void rejectsTokenOverEightKibibytes() {
        JwtClaims claims = idp.claims("a@example.com");
        claims.setClaim("padding", "p".repeat(7_000));
        String token = idp.sign(claims);
        assertTrue(token.length() > 8192);
        assertRejected(present(token));
    }

    // --- 15. hostile payloads --------------------------------------------------------------------

    @Test
    void rejectsDeeplyNestedPayloadWithoutStackOverflow() {
        long now = TestClock.INSTANCE.instant().getEpochSecond();
        String deep = "[".repeat(2_400) + "]".repeat(2_400);
        String payload = "{\"iss\":\"" + idp.issuer + "\",\"aud\":\"" + idp.clientId + "\",\"sub\":\"user-test-a\",\"exp\":"
                + (now + 300) + ",\"deep\":" + deep + "}";
        assertRejected(present(idp.signRaw(rsaHeader(), payload)));
        assertRejected(present(idp.signRaw(rsaHeader(), payload.replace("\"exp\":" + (now + 300), "\"exp\":1e400"))));
    }

    @Test
    void rejectsExpOfOneE400() {
        String payload = "{\"iss\":\"" + idp.issuer + "\",\"aud\":\"" + idp.clientId + "\",\"sub\":\"user-test-a\",\"exp\":1e400}";
        assertRejected(present(idp.signRaw(rsaHeader(), payload)));
    }

    @Test
    void rejectsPayloadThatIsAJsonArray() {
        assertRejected(present(idp.signRaw(rsaHeader(), "[\"" + idp.issuer + "\"]")));
    }

    @Test
    void rejectsPayloadThatIsNotJson() {
        assertRejected(present(idp.signRaw(rsaHeader(), "hello, world")));
    }

    // --- 16. expiry boundary ---------------------------------------------------------------------

    @Test
    void rejectsTokenExpiredByOneSecondMoreThanTheSkew() {
        long now = TestClock.INSTANCE.freeze().getEpochSecond();
        JwtClaims claims = idp.claims("a@example.com");
        claims.setIssuedAt(NumericDate.fromSeconds(now - 600));
        claims.setNotBefore(NumericDate.fromSeconds(now - 600));
        claims.setExpirationTime(NumericDate.fromSeconds(now - 60 - 1));
        assertRejected(present(idp.sign(claims)), RejectionReason.EXPIRED);
    }

    @Test
    void acceptsTokenExpiredByOneSecondLessThanTheSkew() {
        long now = TestClock.INSTANCE.freeze().getEpochSecond();
        JwtClaims claims = idp.claims("a@example.com");
        claims.setIssuedAt(NumericDate.fromSeconds(now - 600));
        claims.setNotBefore(NumericDate.fromSeconds(now - 600));
        claims.setExpirationTime(NumericDate.fromSeconds(now - 60 + 1));
        assertAccepted(present(idp.sign(claims)));
    }

    // --- 17. exp / nbf ---------------------------------------------------------------------------

    @Test
    void rejectsTokenWithoutExp() {
        JwtClaims claims = idp.claims("a@example.com");
        claims.unsetClaim("exp");
        assertRejected(present(idp.sign(claims)));
    }

    @Test
    void rejectsExpThatIsAString() {
        JwtClaims claims = idp.claims("a@example.com");
        claims.setClaim("exp", String.valueOf(TestClock.INSTANCE.instant().getEpochSecond() + 300));
        assertRejected(present(idp.sign(claims)));
    }

    @Test
    void rejectsNbfBeyondTheSkewInTheFuture() {
        long now = TestClock.INSTANCE.freeze().getEpochSecond();
        JwtClaims claims = idp.claims("a@example.com");
        claims.setNotBefore(NumericDate.fromSeconds(now + 61));
        assertRejected(present(idp.sign(claims)), RejectionReason.NOT_YET_VALID);
    }

    @Test
    void rejectsIatBeyondTheSkewInTheFuture() {
        long now = TestClock.INSTANCE.freeze().getEpochSecond();
        JwtClaims claims = idp.claims("a@example.com");
        claims.setIssuedAt(NumericDate.fromSeconds(now + 61));
        assertRejected(present(idp.sign(claims)), RejectionReason.NOT_YET_VALID);
    }

    // --- 18. audience ----------------------------------------------------------------------------

    @Test
    void acceptsAudienceAsAString() {
        JwtClaims claims = idp.claims("a@example.com");
        claims.setAudience(idp.clientId);
        assertAccepted(present(idp.sign(claims)));
    }

    @Test
    void acceptsAudienceArrayContainingTheClientId() {
        JwtClaims claims = idp.claims("a@example.com");
        claims.setAudience(List.of("someone-else", idp.clientId));
        assertAccepted(present(idp.sign(claims)));
    }

    @Test
    void rejectsMissingAudience() {
        JwtClaims claims = idp.claims("a@example.com");
        claims.unsetClaim("aud");
        assertRejected(present(idp.sign(claims)));
    }

    @Test
    void rejectsEmptyAudienceArray() {
        JwtClaims claims = idp.claims("a@example.com");
        claims.setClaim("aud", List.of());
        assertRejected(present(idp.sign(claims)));
    }

    @Test
    void rejectsOtherAudience() {
        JwtClaims claims = idp.claims("a@example.com");
        claims.setAudience("another-client");
        assertRejected(present(idp.sign(claims)));
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
        assertRejected(present(idp.sign(claims)), RejectionReason.ISSUER_NOT_REGISTERED);
    }

    // --- 20. keys are per provider ---------------------------------------------------------------

    @Test
    void rejectsTokenOfProviderASignedWithProviderBsKeyThatReusesAsKid() {
        TestIdp b = TestIdp.create();
        RsaJsonWebKey bKey = TestIdp.newRsaKey(2048);
        bKey.setKeyId(idp.signingKey.getKeyId());
        b.alsoPublish(bKey);
        Platform.registerOk(project, b);
        assertAccepted(present(TestIdp.sign(b.claims("b@example.com"), bKey, "RS256", Map.of())));

        assertRejected(present(TestIdp.sign(idp.claims("a@example.com"), bKey, "RS256", Map.of())));
    }

    // --- 21. project binding ---------------------------------------------------------------------

    @Test
    void neverTakesTokenOfProjectBForProjectA() {
        Platform.Project other = Platform.newProject();
        String token = idp.token();
        assertNotTakenForProject(presentForProject(token, other.id()), other);
        assertAccepted(presentForProject(token, project.id()));
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
        assertAccepted(present(other.token()));
        assertRejected(present(TestIdp.sign(other.claims("a@example.com"), weak, "RS256", Map.of())));
    }

    // --- 29. rotation ----------------------------------------------------------------------------

    @Test
    void acceptsTokensSignedWithKeysPublishedAfterTheLastFetchEvenTwiceInARow() {
        TestIdp rotating = TestIdp.create();
        Platform.registerOk(project, rotating);
        assertAccepted(present(rotating.token()));

        RsaJsonWebKey next = TestIdp.newRsaKey(2048);
        rotating.alsoPublish(next);
        assertAccepted(present(TestIdp.sign(rotating.claims("a@example.com"), next, "RS256", Map.of())));

        RsaJsonWebKey third = TestIdp.newRsaKey(2048);
        rotating.alsoPublish(third);
        assertAccepted(present(TestIdp.sign(rotating.claims("a@example.com"), third, "RS256", Map.of())));
    }

    // --- 30. provider deleted --------------------------------------------------------------------

    @Test
    void rejectsTokensOfADeletedProviderAtOnce() {
        TestIdp doomed = TestIdp.create();
        String providerId = Platform.registerOk(project, doomed);
        String token = doomed.token();
        assertAccepted(present(token));

        io.restassured.RestAssured.given().header("Authorization", "Bearer " + project.apiKey())
                .delete("/api/v1/auth/providers/" + providerId).then().statusCode(204);
        assertRejected(present(token), RejectionReason.ISSUER_NOT_REGISTERED);
    }

    // --- helpers ---------------------------------------------------------------------------------

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
