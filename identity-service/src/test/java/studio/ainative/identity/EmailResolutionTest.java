package studio.ainative.identity;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static studio.ainative.identity.fixtures.Platform.verify;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;
import studio.ainative.platform.testing.IdpServer;
import studio.ainative.identity.fixtures.IdpServerResource;
import studio.ainative.identity.fixtures.Platform;
import studio.ainative.identity.fixtures.StytchProject;
import studio.ainative.identity.service.Digests;
import studio.ainative.platform.testing.TestIdp;

/**
 * Where the verified email comes from: the mapped claim, else the Stytch session's email factor,
 * else the provider's session API called with the registration's secret (cached, never blocking).
 * For each of Stytch's sign-in methods, a session JWT shaped as Stytch shapes that method's, of a
 * project registered with the guide's body (its URLs derived), against a stand-in of its session API.
 */
@QuarkusTest
@QuarkusTestResource(IdpServerResource.class)
class EmailResolutionTest {

    @Inject
    RedisDataSource redis;

    @ConfigProperty(name = "identity.redis.key-prefix")
    String prefix;

    @Test
    void takesTheEmailFromTheStytchSessionEmailFactor() {
        TestIdp idp = registered(null);
        JwtClaims claims = idp.claims("magic@example.com");
        verify(idp.sign(claims)).then().statusCode(200)
                .body("valid", equalTo(true))
                .body("provider", equalTo("stytch"))
                .body("user_id", equalTo(claims.getClaimValueAsString("sub")))
                .body("user_id", startsWith("user-test-"))
                .body("email", equalTo("magic@example.com"));
    }

    @Test
    void prefersTheMappedClaimAndPicksTheFirstVerifiedAddress() {
        TestIdp idp = registered(null);
        JwtClaims claims = idp.claims("factor@example.com");
        claims.setClaim("emails", List.of(
                Map.of("email", "unverified@example.com", "verified", false),
                Map.of("email", "primary@example.com", "verified", true)));
        verify(idp.sign(claims)).then().statusCode(200).body("email", equalTo("primary@example.com"));
    }

    @Test
    void findsTheEmailOfAMagicLinkSessionInItsEmailFactor() {
        assertEmailFromTheTokenAlone(StytchProject::magicLinkFactor);
    }

    @Test
    void findsTheEmailOfAnEmailOtpSessionInItsEmailFactor() {
        assertEmailFromTheTokenAlone(StytchProject::emailOtpFactor);
    }

    /** A session signed in by this factor of the user's email answers that email, with no session API call. */
    private static void assertEmailFromTheTokenAlone(Function<StytchProject.Email, Map<String, Object>> factor) {
        StytchProject stytch = stytchProject();
        StytchProject.Email email = StytchProject.Email.verified("factor");
        String userId = stytch.user(email);
        verify(stytch.sign(stytch.session(userId, factor.apply(email)))).then().statusCode(200)
                .body("user_id", equalTo(userId)).body("email", equalTo(email.email()));
        assertEquals(0, stytch.sessionLookups(), "the token named the address: no session API call");
    }

    @Test
    void findsTheEmailOfAGoogleOAuthSessionThroughTheSessionApiByItsEmailId() {
        StytchProject.Email google = StytchProject.Email.verified("google");
        // The OAuth factor names the email's id only: the address is the user's email of that id, not the first one.
        assertEmailFromTheSessionApi(List.of(StytchProject.Email.verified("first"), google),
                StytchProject.googleOAuthFactor(google, "1098765432101234567890"), google);
    }

    @Test
    void findsTheEmailOfAPasswordSessionThroughTheSessionApi() {
        StytchProject.Email email = StytchProject.Email.verified("password");
        // No factor object at all: the user's first verified email.
        assertEmailFromTheSessionApi(List.of(StytchProject.Email.unverified("old"), email), StytchProject.passwordFactor(), email);
    }

    /** A session signed in by this factor answers the expected email from the session API, asked once (then cached). */
    private static void assertEmailFromTheSessionApi(List<StytchProject.Email> emails, Map<String, Object> factor,
                                                     StytchProject.Email expected) {
        StytchProject stytch = stytchProject();
        String userId = stytch.user(emails.toArray(StytchProject.Email[]::new));
        String token = stytch.sign(stytch.session(userId, factor));
        verify(token).then().statusCode(200).body("user_id", equalTo(userId)).body("email", equalTo(expected.email()));
        verify(token).then().statusCode(200).body("email", equalTo(expected.email()));
        assertEquals(1, stytch.sessionLookups(), "the second verification is answered from cache");
    }

    @Test
    void answersAPasswordSessionWithoutEmailWhenNoSecretIsRegistered() {
        StytchProject stytch = StytchProject.test();
        Platform.register(Platform.newProject(), stytch.guideRegistration(null).replace(",\"api_secret\":\"" + stytch.secret + "\"", ""))
                .then().statusCode(201).body("has_api_secret", equalTo(false));
        String userId = stytch.user(StytchProject.Email.verified("nosecret"));
        verify(stytch.sign(stytch.session(userId, StytchProject.passwordFactor()))).then().statusCode(200)
                .body("user_id", equalTo(userId)).body("email", nullValue());
        assertEquals(0, stytch.sessionLookups());
    }

    @Test
    void asksTheProvidersSessionApiWhenTheTokenCarriesNoEmailAndCachesTheAnswer() {
        String apiPath = "/stytch-api/" + UUID.randomUUID();
        String secret = "secret-test-" + UUID.randomUUID();
        TestIdp idp = registered("\"api_secret\":\"" + secret + "\",\"api_base_url\":\"" + IdpServer.get().url(apiPath) + "\"");
        IdpServer.get().answer(apiPath + "/v1/sessions/authenticate", exchange -> {
            String expected = "Basic " + Base64.getEncoder().encodeToString((idp.clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
            if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                return IdpServer.Answer.of(401, "application/json", "{\"status_code\":401,\"error_type\":\"unauthorized_credentials\"}");
            }
            return IdpServer.Answer.json("{\"status_code\":200,\"user\":{\"emails\":["
                    + "{\"email_id\":\"e1\",\"email\":\"old@example.com\",\"verified\":false},"
                    + "{\"email_id\":\"e2\",\"email\":\"api@example.com\",\"verified\":true}]}}");
        });
        JwtClaims claims = idp.claims(null);
        verify(idp.sign(claims)).then().statusCode(200).body("email", equalTo("api@example.com"));
        verify(idp.sign(claims)).then().statusCode(200).body("email", equalTo("api@example.com"));
        assertEquals(1, IdpServer.get().hits(apiPath + "/v1/sessions/authenticate"), "the second lookup is served from cache");
    }

    /**
     * Principals are cached from their second sighting, except where verifying again could call the provider: a Stytch
     * project with a secret has its principal written to Redis from the first.
     */
    @Test
    void cachesAPrincipalWhoseVerificationMayCallTheProviderFromItsFirstSighting() {
        String apiPath = "/stytch-api/" + UUID.randomUUID();
        TestIdp idp = registered("\"api_secret\":\"secret-test-" + UUID.randomUUID() + "\",\"api_base_url\":\"" + IdpServer.get().url(apiPath) + "\"");
        IdpServer.get().answer(apiPath + "/v1/sessions/authenticate", exchange -> IdpServer.Answer.json(
                "{\"status_code\":200,\"user\":{\"emails\":[{\"email_id\":\"e1\",\"email\":\"first@example.com\",\"verified\":true}]}}"));
        String token = idp.sign(idp.claims(null));
        verify(token).then().statusCode(200).body("email", equalTo("first@example.com"));
        await().atMost(Duration.ofSeconds(5)).until(() -> cachedInRedis(token));

        TestIdp plain = registered("");
        String once = plain.token("seen-once");
        String twice = plain.token("seen-twice");
        verify(once).then().statusCode(200);
        verify(twice).then().statusCode(200);
        verify(twice).then().statusCode(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> cachedInRedis(twice));
        assertFalse(cachedInRedis(once), "another provider's, seen once, is not");
    }

    /** Whether identity holds a principal in Redis for {@code token} presented without a project. */
    private boolean cachedInRedis(String token) {
        return redis.key().exists(prefix + "p:" + Digests.sha256Hex(token, ""));
    }

    @Test
    void answersWithoutEmailWhenTheProvidersSessionApiIsSlow() {
        String apiPath = "/stytch-api/" + UUID.randomUUID();
        TestIdp idp = registered("\"api_secret\":\"s\",\"api_base_url\":\"" + IdpServer.get().url(apiPath) + "\"");
        IdpServer.get().answer(apiPath + "/v1/sessions/authenticate", IdpServer.Answer.stall(10_000));
        verify(idp.sign(idp.claims(null))).then().statusCode(200).body("valid", equalTo(true)).body("email", nullValue());
    }

    @Test
    void answersWithoutEmailWhenNoSourceHasOne() {
        TestIdp idp = registered(null);
        verify(idp.sign(idp.claims(null))).then().statusCode(200).body("email", nullValue());
    }

    @Test
    void mapsUserIdFromANestedClaim() {
        Platform.Project project = Platform.newProject();
        TestIdp idp = TestIdp.create();
        String body = idp.registration(null).replace("\"user_id\":\"sub\"", "\"user_id\":\"https://example.com/claims.account[0].id\"");
        Platform.register(project, body).then().statusCode(201);
        JwtClaims claims = idp.claims(null);
        claims.setClaim("https://example.com/claims", Map.of("account", List.of(Map.of("id", "acct-42"))));
        verify(idp.sign(claims)).then().statusCode(200).body("user_id", equalTo("acct-42"));
    }

    @Test
    void rejectsATokenWhoseUserIdClaimIsMissing() {
        Platform.Project project = Platform.newProject();
        TestIdp idp = TestIdp.create();
        Platform.register(project, idp.registration(null).replace("\"user_id\":\"sub\"", "\"user_id\":\"uid\"")).then().statusCode(201);
        verify(idp.token()).then().statusCode(401).body("error", equalTo("invalid_token"));
    }

    /** A Stytch test project registered with the guide's body and its secret. */
    private static StytchProject stytchProject() {
        StytchProject stytch = StytchProject.test();
        Platform.register(Platform.newProject(), stytch.guideRegistration(null)).then().statusCode(201)
                .body("has_api_secret", equalTo(true));
        return stytch;
    }

    private static TestIdp registered(String extraMembers) {
        TestIdp idp = TestIdp.create();
        Platform.register(Platform.newProject(), idp.registration(extraMembers)).then().statusCode(201);
        return idp;
    }
}
