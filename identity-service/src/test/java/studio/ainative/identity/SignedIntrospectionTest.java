package studio.ainative.identity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import studio.ainative.identity.fixtures.IdpServerResource;
import studio.ainative.identity.fixtures.Platform;
import studio.ainative.platform.testing.TestClock;
import studio.ainative.platform.testing.Tenant;
import studio.ainative.platform.testing.TestIdp;

/** RFC 9701: introspection answers signed with identity's own key, verifiable with its internal JWKS alone. */
@QuarkusTest
@QuarkusTestResource(IdpServerResource.class)
class SignedIntrospectionTest {

    private static final String SIGNED = "application/token-introspection+jwt";

    private Tenant tenant;
    private TestIdp idp;

    @BeforeEach
    void provider() {
        TestClock.INSTANCE.release();
        tenant = Platform.tenant("signed-introspection");
        idp = tenant.idp();
    }

    @Test
    void answersAnActiveTokenAsAJwtSignedByAPublishedKey() throws Exception {
        String token = idp.token();
        Response answer = signedIntrospection(token);
        answer.then().statusCode(200).contentType(SIGNED);

        JwtContext verified = consumer(List.of(Platform.SERVICE, "urn:ainative:services")).process(answer.asString());
        assertEquals("token-introspection+jwt", verified.getJoseObjects().get(0).getHeader("typ"));
        JwtClaims claims = verified.getJwtClaims();
        assertEquals("urn:ainative:identity", claims.getIssuer());
        assertTrue(claims.getAudience().contains(Platform.SERVICE), "aud names the calling service");
        @SuppressWarnings("unchecked")
        Map<String, Object> inner = (Map<String, Object>) claims.getClaimValue("token_introspection");
        JsonObject plain = new JsonObject(Platform.introspect(token).then().statusCode(200).extract().asString());
        assertEquals(plain, new JsonObject(inner), "the signed claim is the JSON answer");
        assertEquals(true, inner.get("active"));
    }

    @Test
    void aSignedPrincipalLivesAtMostSixtySeconds() throws Exception {
        JwtClaims claims = consumer(List.of(Platform.SERVICE)).processToClaims(signedIntrospection(idp.token()).asString());
        long life = claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue();
        assertTrue(life > 0 && life <= 60, "life was " + life + " s");
    }

    @Test
    void aSignedPrincipalNeverOutlivesTheUserToken() throws Exception {
        JwtClaims user = idp.claims("user@example.com");
        long userExp = TestClock.INSTANCE.instant().getEpochSecond() + 20;
        user.setExpirationTime(NumericDate.fromSeconds(userExp));
        JwtClaims claims = consumer(List.of(Platform.SERVICE)).processToClaims(signedIntrospection(idp.sign(user)).asString());
        assertTrue(claims.getExpirationTime().getValue() <= userExp, "exp " + claims.getExpirationTime() + " > " + userExp);
    }

    @Test
    void answersAnInactiveTokenAsASignedInactiveAnswer() throws Exception {
        String forged = idp.token().replaceFirst("\\.[^.]*$", ".AAAA");
        JwtClaims claims = consumer(List.of(Platform.SERVICE)).processToClaims(signedIntrospection(forged).asString());
        assertEquals(Map.of("active", false), claims.getClaimValue("token_introspection"));
    }

    @Test
    void signsAnApiKeysAnswerToo() throws Exception {
        JwtClaims claims = consumer(List.of(Platform.SERVICE)).processToClaims(signedIntrospection(tenant.apiKey()).asString());
        @SuppressWarnings("unchecked")
        Map<String, Object> inner = (Map<String, Object>) claims.getClaimValue("token_introspection");
        assertEquals("api_key", inner.get("token_type"));
        assertEquals(tenant.projectId().toString(), inner.get("project_id"));
    }

    @Test
    void aSignedAnswerForOneServiceIsNotAddressedToAnother() throws Exception {
        String jwt = signedIntrospection(idp.token()).asString();
        assertThrows(InvalidJwtException.class, () -> consumer(List.of("memory-service")).process(jwt));
    }

    @Test
    void keepsThePlainJsonAnswerForCallersThatDoNotAskForAJwt() {
        Platform.introspect(idp.token()).then().statusCode(200).contentType(ContentType.JSON).body("active", equalTo(true));
    }

    @Test
    void stillRefusesACallerWithoutAServiceCredential() {
        given().contentType(ContentType.URLENC).accept(SIGNED).formParam("token", idp.token())
                .post("/internal/v1/introspect").then().statusCode(401);
    }

    @Test
    void publishesOnlyPublicKeys() {
        String jwks = given().get("/internal/v1/jwks").then().statusCode(200).extract().asString();
        assertFalse(jwks.contains("\"d\""), "no private exponent");
        assertFalse(jwks.contains("\"p\""), "no prime");
    }

    private static Response signedIntrospection(String token) {
        return given().auth().preemptive().basic(Platform.SERVICE, Platform.SERVICE_SECRET).contentType(ContentType.URLENC)
                .accept(SIGNED).formParam("token", token).post("/internal/v1/introspect");
    }

    private static JwtConsumer consumer(List<String> audiences) throws Exception {
        JsonWebKeySet keys = new JsonWebKeySet(given().get("/internal/v1/jwks").then().statusCode(200).extract().asString());
        return new JwtConsumerBuilder()
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(keys.getJsonWebKeys()))
                .setExpectedIssuer("urn:ainative:identity")
                .setExpectedAudience(audiences.toArray(String[]::new))
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                .setExpectedType(true, "token-introspection+jwt")
                .setEvaluationTime(NumericDate.fromSeconds(TestClock.INSTANCE.instant().getEpochSecond()))
                .build();
    }
}
