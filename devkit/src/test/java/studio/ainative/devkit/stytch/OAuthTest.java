package studio.ainative.devkit.stytch;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static studio.ainative.devkit.stytch.StytchApi.assertStytchError;
import static studio.ainative.devkit.stytch.StytchApi.authenticateOAuth;
import static studio.ainative.devkit.stytch.StytchApi.getUser;
import static studio.ainative.devkit.stytch.StytchApi.googleToken;
import static studio.ainative.devkit.stytch.StytchApi.loginOrCreateMagicLink;
import static studio.ainative.devkit.stytch.StytchApi.outbox;
import static studio.ainative.devkit.stytch.StytchApi.publicToken;
import static studio.ainative.devkit.stytch.StytchApi.startGoogle;
import static studio.ainative.devkit.stytch.StytchApi.uniqueEmail;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import studio.ainative.devkit.AdjustableClock;

@QuarkusTest
class OAuthTest {

    private static final String LOGIN = "https://app.example/login";
    private static final String SIGNUP = "https://app.example/signup";

    @Inject
    AdjustableClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private static Map<String, String> start(String email) {
        return Map.of("public_token", publicToken(), "login_redirect_url", LOGIN, "signup_redirect_url", SIGNUP,
                "devkit_email", email);
    }

    @Test
    void startRedirectsANewGoogleUserToTheSignupUrlWithTheTokenItAlsoPutsInTheOutbox() {
        String email = uniqueEmail("google-new");

        String location = startGoogle(start(email)).statusCode(302).extract().header("Location");

        JsonPath message = outbox(email, "oauth");
        assertThat(message.getString("kind"), equalTo("oauth"));
        assertThat(message.getString("token"), matchesPattern("[A-Za-z0-9_-]{43,}"));
        assertThat(location, equalTo(SIGNUP + "?stytch_token_type=oauth&token=" + message.getString("token")));
        assertThat(message.getString("url"), equalTo(location));
    }

    @Test
    void startRedirectsAReturningUserToTheLoginUrl() {
        String email = uniqueEmail("google-returning");
        loginOrCreateMagicLink(email);

        String location = startGoogle(start(email)).statusCode(302).extract().header("Location");

        assertThat(location, startsWith(LOGIN + "?stytch_token_type=oauth&token="));
    }

    @Test
    void startNeedsNoProjectSecretButTheProjectsPublicToken() {
        startGoogle(Map.of("public_token", publicToken(), "devkit_email", uniqueEmail("google-public")))
                .statusCode(302);

        ValidatableResponse wrongToken = startGoogle(Map.of("public_token", "public-token-test-wrong",
                "devkit_email", uniqueEmail("google-wrong-token")));
        assertStytchError(wrongToken, 401, "unauthorized_credentials");
        wrongToken.body("error_message", containsString("public_token"));
        assertStytchError(startGoogle(Map.of("devkit_email", uniqueEmail("google-no-token"))),
                401, "unauthorized_credentials");
    }

    @Test
    void startNeedsTheGoogleAccountsEmail() {
        assertStytchError(startGoogle(Map.of("public_token", publicToken())), 400, "invalid_argument");
        assertStytchError(startGoogle(Map.of("public_token", publicToken(), "devkit_email", "nope")),
                400, "invalid_email");
    }

    @Test
    void startRejectsARedirectUrlThatIsNotHttp() {
        assertStytchError(startGoogle(Map.of("public_token", publicToken(), "devkit_email", uniqueEmail("g-url"),
                "login_redirect_url", "javascript:alert(1)")), 400, "invalid_login_redirect_url");
    }

    @Test
    void authenticateSignsInWithAGoogleOAuthFactorInTheSessionAndItsJwt() throws Exception {
        String email = uniqueEmail("google-auth");

        JsonPath auth = authenticateOAuth(googleToken(email), 60).statusCode(200)
                .body("status_code", equalTo(200))
                .body("provider_type", equalTo("Google"))
                .body("provider_subject", matchesPattern("[1-9]\\d{20}"))
                .body("oauth_user_registration_id", matchesPattern("oauth-user-test-[0-9a-f-]{36}"))
                .body("reset_sessions", equalTo(false))
                .body("provider_values.access_token", equalTo(""))
                .body("provider_values.scopes", contains("openid", "email", "profile"))
                .body("user.emails[0].email", equalTo(email))
                .body("user.emails[0].verified", equalTo(true))
                .body("user.providers", hasSize(1))
                .body("user_session.authentication_factors[0].type", equalTo("oauth"))
                .extract().jsonPath();
        String subject = auth.getString("provider_subject");
        String registrationId = auth.getString("oauth_user_registration_id");
        String emailId = auth.getString("user.emails[0].email_id");
        assertThat(auth.getString("user.providers[0].provider_subject"), equalTo(subject));
        assertThat(auth.getString("user.providers[0].oauth_user_registration_id"), equalTo(registrationId));

        JwtClaims claims = SessionJwts.verifiedClaims(auth.getString("session_jwt"));
        Map<?, ?> session = claims.getClaimValue("https://stytch.com/session", Map.class);
        String at = auth.getString("user_session.authentication_factors[0].last_authenticated_at");
        assertThat((List<?>) session.get("authentication_factors"), contains(Map.of(
                "type", "oauth",
                "delivery_method", "oauth_google",
                "last_authenticated_at", at,
                "created_at", at,
                "updated_at", at,
                "google_oauth_factor", Map.of("id", registrationId, "provider_subject", subject, "email_id", emailId))));
    }

    @Test
    void aReturningGoogleUserKeepsTheirSubjectAndRegistration() {
        String email = uniqueEmail("google-again");
        JsonPath first = authenticateOAuth(googleToken(email), 60).statusCode(200).extract().jsonPath();

        JsonPath second = authenticateOAuth(googleToken(email), 60).statusCode(200).extract().jsonPath();

        assertThat(second.getString("user_id"), equalTo(first.getString("user_id")));
        assertThat(second.getString("provider_subject"), equalTo(first.getString("provider_subject")));
        assertThat(second.getList("user.providers"), hasSize(1));
    }

    @Test
    void anExistingEmailUserGainsAGoogleRegistration() {
        String email = uniqueEmail("google-link");
        String userId = loginOrCreateMagicLink(email).getString("user_id");

        authenticateOAuth(googleToken(email), 60).statusCode(200).body("user_id", equalTo(userId));

        getUser(userId).statusCode(200).body("providers[0].provider_type", equalTo("Google"));
    }

    @Test
    void theTokenWorksOnce() {
        String token = googleToken(uniqueEmail("google-replay"));
        authenticateOAuth(token, 60).statusCode(200);

        assertStytchError(authenticateOAuth(token, 60), 404, "oauth_token_not_found");
    }

    @Test
    void theTokenExpiresAfterTenMinutes() {
        String token = googleToken(uniqueEmail("google-expired"));
        clock.advance(Duration.ofMinutes(10).plusSeconds(1));

        assertStytchError(authenticateOAuth(token, 60), 404, "oauth_token_not_found");
    }

    @Test
    void withoutSessionDurationThereIsNoUserSession() {
        authenticateOAuth(googleToken(uniqueEmail("google-no-session")), null).statusCode(200)
                .body("session_token", equalTo(""))
                .body("session_jwt", equalTo(""))
                .body("user_session", nullValue());
    }

    @Test
    void aBadSessionDurationIsRejectedWithoutSpendingTheToken() {
        String token = googleToken(uniqueEmail("google-duration"));

        assertStytchError(authenticateOAuth(token, 527_041), 400, "invalid_session_duration_minutes");
        authenticateOAuth(token, 60).statusCode(200);
    }

    @Test
    void anUnknownTokenIsNotFound() {
        assertStytchError(authenticateOAuth("never-issued", 60), 404, "oauth_token_not_found");
    }

    @Test
    void authenticateNeedsTheProjectSecret() {
        assertStytchError(given().contentType("application/json").body(Map.of("token", "x"))
                .post("/v1/oauth/authenticate").then(), 401, "unauthorized_credentials");
    }

    @Test
    void anotherProvidersStartUrlIsNotARoute() {
        assertStytchError(given().redirects().follow(false).queryParam("public_token", publicToken())
                .get("/v1/public/oauth/github/start").then(), 404, "route_not_found");
    }
}
