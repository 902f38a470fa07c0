package studio.ainative.devkit.stytch;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;
import static studio.ainative.devkit.stytch.StytchApi.assertStytchError;
import static studio.ainative.devkit.stytch.StytchApi.authenticateSession;
import static studio.ainative.devkit.stytch.StytchApi.devToken;
import static studio.ainative.devkit.stytch.StytchApi.uniqueEmail;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import studio.ainative.devkit.AdjustableClock;

@QuarkusTest
class DevTokensTest {

    @Inject
    AdjustableClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private static Map<?, ?> sessionClaim(JwtClaims claims) throws Exception {
        return claims.getClaimValue("https://stytch.com/session", Map.class);
    }

    @Test
    void issuesAVerifiableSessionJwtForAnEmail() throws Exception {
        String email = uniqueEmail("dev-token");

        JsonPath token = devToken(Map.of("email", email));

        JwtClaims claims = SessionJwts.verifiedClaims(token.getString("session_jwt"));
        assertThat(token.getString("email"), equalTo(email));
        assertThat(token.getString("user_id"), startsWith("user-test-"));
        assertThat(claims.getSubject(), equalTo(token.getString("user_id")));
        assertThat(sessionClaim(claims).get("id"), equalTo(token.getString("session_id")));
        assertThat(SessionJwts.header(token.getString("session_jwt")).getKeyIdHeaderValue(),
                equalTo(token.getString("kid")));
        assertThat(claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue(), is(300L));
        assertThat(Instant.parse(token.getString("expires_at")).getEpochSecond(),
                is(claims.getExpirationTime().getValue()));
        assertThat(claims.hasClaim("email"), is(false));
    }

    @Test
    void issuedSessionIsLiveAndItsUserVerified() {
        String email = uniqueEmail("dev-session");
        JsonPath token = devToken(Map.of("email", email));

        authenticateSession(Map.of("session_token", token.getString("session_token")))
                .statusCode(200)
                .body("session.session_id", equalTo(token.getString("session_id")))
                .body("user.emails[0].email", equalTo(email))
                .body("user.emails[0].verified", equalTo(true));
    }

    @Test
    void lifetimeSecondsSetsTheJwtExpiry() throws Exception {
        JsonPath token = devToken(Map.of("email", uniqueEmail("lifetime"), "lifetime_seconds", 42));

        JwtClaims claims = SessionJwts.unverifiedClaims(token.getString("session_jwt"));
        assertThat(claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue(), is(42L));
    }

    @Test
    void aShortLivedJwtStillHasALiveSessionBehindIt() {
        JsonPath token = devToken(Map.of("email", uniqueEmail("short-jwt"), "lifetime_seconds", 1));
        clock.advance(Duration.ofMinutes(30));

        authenticateSession(Map.of("session_jwt", token.getString("session_jwt"))).statusCode(200);
    }

    @Test
    void extraClaimsAreAddedAndMayOverrideStandardOnes() throws Exception {
        JsonPath token = devToken(Map.of("email", uniqueEmail("claims"),
                "claims", Map.of("aud", List.of("some-other-project"), "tier", "pro", "seats", 3)));

        JwtClaims claims = SessionJwts.unverifiedClaims(token.getString("session_jwt"));
        assertThat(claims.getAudience(), equalTo(List.of("some-other-project")));
        assertThat(claims.getClaimValue("tier"), equalTo("pro"));
        assertThat(claims.getClaimValue("seats"), equalTo(3L));
        assertThat(claims.getIssuer(), equalTo("stytch.com/" + StytchApi.projectId()));
    }

    @Test
    void withoutTheEmailFactorTheJwtCarriesNoEmailButSessionsAuthenticateDoes() throws Exception {
        String email = uniqueEmail("no-factor");
        JsonPath token = devToken(Map.of("email", email, "include_email_factor", false));

        JwtClaims claims = SessionJwts.verifiedClaims(token.getString("session_jwt"));
        assertThat((List<?>) sessionClaim(claims).get("authentication_factors"), is(empty()));
        assertThat(token.getString("session_jwt").contains(email), is(false));

        authenticateSession(Map.of("session_jwt", token.getString("session_jwt")))
                .statusCode(200)
                .body("session.authentication_factors", hasSize(0))
                .body("user.emails[0].email", equalTo(email));
    }

    @Test
    void theEmailFactorIsIncludedByDefault() throws Exception {
        String email = uniqueEmail("with-factor");
        JsonPath token = devToken(Map.of("email", email));

        List<?> factors = (List<?>) sessionClaim(SessionJwts.verifiedClaims(token.getString("session_jwt")))
                .get("authentication_factors");
        assertThat(factors, hasSize(1));
        assertThat(((Map<?, ?>) ((Map<?, ?>) factors.get(0)).get("email_factor")).get("email_address"), equalTo(email));
    }

    @Test
    void rejectsALifetimeOfZero() {
        assertStytchError(given().contentType(ContentType.JSON)
                .body(Map.of("email", uniqueEmail("zero"), "lifetime_seconds", 0))
                .post("/dev/tokens").then(), 400, "invalid_argument");
    }

    @Test
    void rejectsALifetimeLongerThanADay() {
        assertStytchError(given().contentType(ContentType.JSON)
                .body(Map.of("email", uniqueEmail("too-long"), "lifetime_seconds", 86_401))
                .post("/dev/tokens").then(), 400, "invalid_argument");
    }

    @Test
    void rejectsClaimsLargerThan16KiB() {
        assertStytchError(given().contentType(ContentType.JSON)
                .body(Map.of("email", uniqueEmail("big-claims"), "claims", Map.of("blob", "x".repeat(16 * 1024))))
                .post("/dev/tokens").then(), 400, "custom_claims_too_large");
    }

    @Test
    void rejectsAMalformedEmail() {
        assertStytchError(given().contentType(ContentType.JSON).body(Map.of("email", "nobody"))
                .post("/dev/tokens").then(), 400, "invalid_email");
    }
}
