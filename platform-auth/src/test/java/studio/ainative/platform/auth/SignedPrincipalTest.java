package studio.ainative.platform.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.nio.charset.StandardCharsets;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import studio.ainative.platform.testing.IdentityProcess;
import studio.ainative.platform.testing.IdentityServiceResource;
import studio.ainative.platform.testing.Tenant;
import studio.ainative.platform.testing.TestIdp;

/**
 * Signed principals: the caller as an injectable {@code JsonWebToken}, and handed from one service to
 * another for the same end user, accepted only with a valid service credential, addressed to that
 * service, for 60 s at most and never past the user token's own exp.
 */
@QuarkusTest
@WithTestResource(IdentityServiceResource.class)
class SignedPrincipalTest {

    private static final String SELF = IdentityServiceResource.SERVICE_NAME;
    private static final String SELF_CREDENTIAL = basic(SELF, IdentityServiceResource.SERVICE_SECRET);
    private static final String OTHER_CREDENTIAL = basic("other-service", "other-service-secret-0123456789");

    private static IdentityProcess identity;
    private static Tenant tenant;
    private static TestIdp idp;

    @BeforeAll
    static void bootstrap() {
        identity = IdentityServiceResource.identity();
        tenant = Tenant.create("platform-auth-signed-principals");
        idp = tenant.idp();
    }

    @Test
    void resourceCodeGetsTheCallerAsAJsonWebToken() {
        given().header("Authorization", "Bearer " + idp.token("user-test-jwt"))
                .when().get("/test/jwt")
                .then().statusCode(200)
                .body("name", equalTo("user-test-jwt"))
                .body("groups", equalTo(List.of(PlatformRoles.USER)))
                .body("projectId", equalTo(tenant.projectId().toString()))
                .body("userId", equalTo("user-test-jwt"))
                .body("ownerId", matchesPattern("[0-9a-f-]{36}:user-test-jwt"))
                .body("issuer", equalTo("urn:ainative:identity"));
    }

    @Test
    void anotherServiceCallsForTheSameUserWithTheSignedPrincipal() {
        String target = "http://127.0.0.1:" + RestAssured.port;
        given().header("Authorization", "Bearer " + idp.token("user-test-forwarded")).queryParam("target", target)
                .when().get("/test/forward")
                .then().statusCode(200)
                .body("name", equalTo("user-test-forwarded"))
                .body("principal.projectId", equalTo(tenant.projectId().toString()))
                .body("principal.ownerId", matchesPattern("[0-9a-f-]{36}:user-test-forwarded"));
    }

    @Test
    void aSignedPrincipalWithTheServiceCredentialAuthenticatesWithoutIdentity() {
        String principal = signedPrincipal("user-test-direct");
        given().header("Authorization", "Bearer " + principal).header(ServiceCallers.HEADER, SELF_CREDENTIAL)
                .when().get("/test/whoami")
                .then().statusCode(200).body("name", equalTo("user-test-direct"));
    }

    @Test
    void aSignedPrincipalWithoutAServiceCredentialIsRefused() {
        given().header("Authorization", "Bearer " + signedPrincipal("user-test-public"))
                .when().get("/test/whoami")
                .then().statusCode(401);
    }

    @Test
    void aSignedPrincipalWithAWrongServiceSecretIsRefused() {
        given().header("Authorization", "Bearer " + signedPrincipal("user-test-wrong-secret"))
                .header(ServiceCallers.HEADER, basic(SELF, "not-the-secret-0123456789"))
                .when().get("/test/whoami")
                .then().statusCode(401);
    }

    @Test
    void aSignedPrincipalIssuedToAnotherServiceIsRefused() {
        given().header("Authorization", "Bearer " + signedPrincipal("user-test-other-audience"))
                .header(ServiceCallers.HEADER, OTHER_CREDENTIAL)
                .when().get("/test/whoami")
                .then().statusCode(401);
    }

    @Test
    void anEndUsersOwnTokenWithAServiceCredentialIsRefused() {
        given().header("Authorization", "Bearer " + idp.token("user-test-raw")).header(ServiceCallers.HEADER, SELF_CREDENTIAL)
                .when().get("/test/whoami")
                .then().statusCode(401);
    }

    @Test
    void aPrincipalLivingLongerThanSixtySecondsIsRefused() {
        long now = System.currentTimeMillis() / 1000;
        forged(mint(now, now + 120, now + 3600)).then().statusCode(401);
    }

    @Test
    void aPrincipalOutlivingTheUserTokenIsRefused() {
        long now = System.currentTimeMillis() / 1000;
        forged(mint(now, now + 50, now + 10)).then().statusCode(401);
    }

    @Test
    void anExpiredPrincipalIsRefused() {
        long now = System.currentTimeMillis() / 1000;
        forged(mint(now - 100, now - 50, now + 3600)).then().statusCode(401);
    }

    @Test
    void aPrincipalMintedWithIdentitysKeyWithinTheRulesIsAccepted() {
        long now = System.currentTimeMillis() / 1000;
        forged(mint(now, now + 50, now + 3600)).then().statusCode(200).body("name", equalTo("user-test-minted"));
    }

    @Test
    void aPrincipalSignedByAnotherKeyIsRefused() throws JoseException {
        long now = System.currentTimeMillis() / 1000;
        RsaJsonWebKey stranger = TestIdp.newRsaKey(2048);
        stranger.setKeyId(identityKey().getKeyId()); // even under identity's kid
        String jwt = TestIdp.sign(claims(now, now + 50, now + 3600), stranger, "RS256", Map.of("typ", SignedPrincipals.JWT_TYPE));
        forged(jwt).then().statusCode(401);
    }

    @Test
    void aJwtOfAnotherTypeSignedByIdentitysKeyIsRefused() throws JoseException {
        long now = System.currentTimeMillis() / 1000;
        String jwt = TestIdp.sign(claims(now, now + 50, now + 3600), identityKey(), "RS256", Map.of("typ", "JWT"));
        forged(jwt).then().statusCode(401);
    }

    /** A principal as identity signs it, fetched from the test application's own view of the caller. */
    private static String signedPrincipal(String user) {
        String raw = given().header("Authorization", "Bearer " + idp.token(user)).when().get("/test/jwt")
                .then().statusCode(200).extract().path("rawToken");
        assertNotNull(raw);
        return raw;
    }

    private static io.restassured.response.Response forged(String jwt) {
        return given().header("Authorization", "Bearer " + jwt).header(ServiceCallers.HEADER, SELF_CREDENTIAL)
                .when().get("/test/whoami");
    }

    private static String mint(long iat, long exp, long userExp) {
        try {
            return TestIdp.sign(claims(iat, exp, userExp), identityKey(), "RS256", Map.of("typ", SignedPrincipals.JWT_TYPE));
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JwtClaims claims(long iat, long exp, long userExp) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer("urn:ainative:identity");
        claims.setAudience(SELF, "urn:ainative:services");
        claims.setIssuedAt(NumericDate.fromSeconds(iat));
        claims.setExpirationTime(NumericDate.fromSeconds(exp));
        claims.setJwtId(UUID.randomUUID().toString());
        claims.setClaim("token_introspection", Map.of("active", true, "token_type", "user", "project_id", tenant.projectId().toString(),
                "user_id", "user-test-minted", "sub", "user-test-minted", "exp", userExp));
        return claims;
    }

    /** identity's signing key, named as identity names it (its RFC 7638 thumbprint). */
    private static PublicJsonWebKey identityKey() throws JoseException {
        String body = identity.signingKeyPem().replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            java.security.KeyFactory factory = java.security.KeyFactory.getInstance("RSA");
            java.security.interfaces.RSAPrivateCrtKey key = (java.security.interfaces.RSAPrivateCrtKey) factory.generatePrivate(
                    new java.security.spec.PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
            RsaJsonWebKey jwk = new RsaJsonWebKey((java.security.interfaces.RSAPublicKey) factory.generatePublic(
                    new java.security.spec.RSAPublicKeySpec(key.getModulus(), key.getPublicExponent())));
            jwk.setPrivateKey(key);
            jwk.setKeyId(jwk.calculateBase64urlEncodedThumbprint("SHA-256"));
            return jwk;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String basic(String name, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((name + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }
}
