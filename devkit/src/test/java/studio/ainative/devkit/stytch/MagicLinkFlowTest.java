package studio.ainative.devkit.stytch;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasEntry;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static studio.ainative.devkit.stytch.StytchApi.assertStytchError;
import static studio.ainative.devkit.stytch.StytchApi.authenticateMagicLink;
import static studio.ainative.devkit.stytch.StytchApi.outboxToken;
import static studio.ainative.devkit.stytch.StytchApi.getUser;
import static studio.ainative.devkit.stytch.StytchApi.loginOrCreateMagicLink;
import static studio.ainative.devkit.stytch.StytchApi.outbox;
import static studio.ainative.devkit.stytch.StytchApi.post;
import static studio.ainative.devkit.stytch.StytchApi.uniqueEmail;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import studio.ainative.devkit.AdjustableClock;

@QuarkusTest
class MagicLinkFlowTest {

    private static final String RFC_3339_UTC = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z";

    @Inject
    AdjustableClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void loginOrCreateCreatesANewUserWithIdsInStytchTestFormats() {
        String email = uniqueEmail("new");
        JsonPath created = post("/v1/magic_links/email/login_or_create", Map.of("email", email))
                .statusCode(200)
                .body("status_code", equalTo(200))
                .body("request_id", startsWith("request-id-test-"))
                .body("user_id", matchesPattern("user-test-[0-9a-f-]{36}"))
                .body("email_id", matchesPattern("email-test-[0-9a-f-]{36}"))
                .body("user_created", equalTo(true))
                .extract().jsonPath();

        getUser(created.getString("user_id")).statusCode(200)
                .body("emails[0].email", equalTo(email))
                .body("emails[0].verified", equalTo(false))
                .body("status", equalTo("active"));
    }

    @Test
    void loginOrCreateForAKnownEmailLogsInTheSameUser() {
        String email = uniqueEmail("returning");
        JsonPath first = loginOrCreateMagicLink(email);
        JsonPath second = loginOrCreateMagicLink(email.toUpperCase());

        assertThat(second.getBoolean("user_created"), is(false));
        assertThat(second.getString("user_id"), equalTo(first.getString("user_id")));
        assertThat(second.getString("email_id"), equalTo(first.getString("email_id")));
    }

    @Test
    void loginOrCreateSendsNewUsersTheSignupUrlAndReturningUsersTheLoginUrl() {
        String email = uniqueEmail("urls");
        Map<String, Object> body = Map.of("email", email,
                "login_magic_link_url", "https://app.example/login",
                "signup_magic_link_url", "https://app.example/signup");
        post("/v1/magic_links/email/login_or_create", body).statusCode(200);
        assertThat(outbox(email, "magic_link").getString("url"), startsWith("https://app.example/signup?"));

        post("/v1/magic_links/email/login_or_create", body).statusCode(200);
        assertThat(outbox(email, "magic_link").getString("url"), startsWith("https://app.example/login?"));
    }

    @Test
    void aPendingUserKeepsGettingTheSignupUrlUntilTheyFirstSignIn() {
        String email = uniqueEmail("pending");
        Map<String, Object> body = Map.of("email", email, "create_user_as_pending", true,
                "login_magic_link_url", "https://app.example/login",
                "signup_magic_link_url", "https://app.example/signup");
        String userId = post("/v1/magic_links/email/login_or_create", body).statusCode(200)
                .extract().path("user_id");
        getUser(userId).body("status", equalTo("pending"));

        post("/v1/magic_links/email/send", body).statusCode(200);
        assertThat(outbox(email, "magic_link").getString("url"), startsWith("https://app.example/signup?"));
        authenticateMagicLink(outboxToken(email), null).statusCode(200).body("user.status", equalTo("active"));

        post("/v1/magic_links/email/send", body).statusCode(200);
        assertThat(outbox(email, "magic_link").getString("url"), startsWith("https://app.example/login?"));
    }

    @Test
    void sendReachesAnExistingUserWithTheLoginUrl() {
        String email = uniqueEmail("existing");
        JsonPath created = loginOrCreateMagicLink(email);

        JsonPath sent = post("/v1/magic_links/email/send",
                Map.of("email", email, "login_magic_link_url", "https://app.example/login"))
                .statusCode(200)
                .body("status_code", equalTo(200))
                .body("request_id", startsWith("request-id-test-"))
                .body("$", not(hasKey("user_created")))
                .extract().jsonPath();

        assertThat(sent.getString("user_id"), equalTo(created.getString("user_id")));
        assertThat(sent.getString("email_id"), equalTo(created.getString("email_id")));
        assertThat(outbox(email, "magic_link").getString("url"), startsWith("https://app.example/login?"));
    }

    @Test
    void sendToAnUnknownEmailIsEmailNotFoundAndCreatesNoUser() {
        String email = uniqueEmail("stranger");

        assertStytchError(post("/v1/magic_links/email/send", Map.of("email", email)), 404, "email_not_found");

        post("/v1/users/search", Map.of("query", Map.of("operator", "AND",
                "operands", List.of(Map.of("filter_name", "email_address", "filter_value", List.of(email))))))
                .statusCode(200).body("results", hasSize(0));
        assertStytchError(given().queryParam("email", email).get("/dev/outbox").then(), 404, "email_not_found");
    }

    @Test
    void sendRejectsAnAddressWithoutADomain() {
        assertStytchError(post("/v1/magic_links/email/send", Map.of("email", "not-an-email")), 400, "invalid_email");
    }

    @Test
    void loginOrCreateRejectsAnAddressLongerThan254Characters() {
        String tooLong = "a".repeat(243) + "@example.com";
        assertStytchError(post("/v1/magic_links/email/login_or_create", Map.of("email", tooLong)),
                400, "invalid_email");
    }

    @Test
    void loginOrCreateRejectsALoginUrlThatIsNotHttp() {
        assertStytchError(post("/v1/magic_links/email/login_or_create",
                Map.of("email", uniqueEmail("ftp"), "login_magic_link_url", "ftp://example.com/auth")),
                400, "invalid_login_magic_link_url");
    }

    @Test
    void outboxHoldsTheNewestLinkWithTheTokenOnTheCallersUrl() {
        String email = uniqueEmail("outbox");
        Map<String, Object> body = Map.of("email", email,
                "login_magic_link_url", "https://app.example/authenticate",
                "signup_magic_link_url", "https://app.example/authenticate");
        JsonPath sent = post("/v1/magic_links/email/login_or_create", body).extract().jsonPath();
        String firstToken = outboxToken(email);
        post("/v1/magic_links/email/send", body).statusCode(200);

        JsonPath message = given().queryParam("email", email).get("/dev/outbox")
                .then().statusCode(200).body("$", not(hasKey("code"))).extract().jsonPath();
        String token = message.getString("token");
        assertThat(message.getString("kind"), equalTo("magic_link"));
        assertThat(token, not(equalTo(firstToken)));
        assertThat(token, matchesPattern("[A-Za-z0-9_-]{43,}"));
        assertThat(message.getString("url"),
                equalTo("https://app.example/authenticate?stytch_token_type=magic_links&token=" + token));
        assertThat(message.getString("email"), equalTo(email));
        assertThat(message.getString("user_id"), equalTo(sent.getString("user_id")));
        assertThat(message.getString("created_at"), matchesPattern(RFC_3339_UTC));
    }

    @Test
    void outboxLinkFallsBackToThePublicBaseUrlWhenNoUrlIsGiven() {
        String email = uniqueEmail("default-url");
        loginOrCreateMagicLink(email);

        given().queryParam("email", email).get("/dev/outbox").then().statusCode(200)
                .body("url", equalTo(StytchApi.publicBaseUrl() + "/authenticate?stytch_token_type=magic_links&token="
                        + outboxToken(email)));
    }

    @Test
    void outboxAnswersNotFoundForAnEmailThatWasNeverSentTo() {
        assertStytchError(given().queryParam("email", uniqueEmail("silent")).get("/dev/outbox").then(),
                404, "email_not_found");
    }

    @Test
    void outboxRejectsAnUnknownKind() {
        assertStytchError(given().queryParam("email", uniqueEmail("kind")).queryParam("kind", "sms")
                .get("/dev/outbox").then(), 400, "invalid_argument");
    }

    @Test
    void authenticateIssuesASessionJwtThatVerifiesAgainstTheJwks() throws Exception {
        String email = uniqueEmail("jwt");
        loginOrCreateMagicLink(email);
        JsonPath auth = authenticateMagicLink(outboxToken(email), 60).statusCode(200).extract().jsonPath();
        String jwt = auth.getString("session_jwt");

        JwtClaims claims = SessionJwts.verifiedClaims(jwt);
        JsonWebSignature header = SessionJwts.header(jwt);
        assertThat(header.getAlgorithmHeaderValue(), equalTo("RS256"));
        assertThat(header.getHeader("typ"), equalTo("JWT"));
        assertThat(SessionJwts.publishedKeys().findJsonWebKey(header.getKeyIdHeaderValue(), "RSA", "sig", "RS256"),
                notNullValue());

        assertThat(claims.getIssuer(), equalTo("stytch.com/" + StytchApi.projectId()));
        assertThat(claims.getClaimValue("aud"), equalTo(List.of(StytchApi.projectId())));
        assertThat(claims.getSubject(), equalTo(auth.getString("user_id")));
        assertThat(claims.getSubject(), startsWith("user-test-"));
        assertThat(claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue(), is(300L));
        assertThat(claims.getNotBefore().getValue(), is(claims.getIssuedAt().getValue()));
        assertThat(claims.hasClaim("email"), is(false));

        Map<String, Object> session = claims.getClaimValue("https://stytch.com/session", Map.class);
        assertThat(session, hasEntry("id", auth.getString("session.session_id")));
        assertThat(session, hasEntry("started_at", auth.getString("session.started_at")));
        assertThat(session, hasEntry("last_accessed_at", auth.getString("session.last_accessed_at")));
        assertThat(session, hasEntry("expires_at", auth.getString("session.expires_at")));
        assertThat(session, hasEntry("attributes", Map.of("ip_address", "", "user_agent", "")));
        assertThat(session, hasEntry("roles", List.of("stytch_user")));
        String authenticatedAt = auth.getString("session.authentication_factors[0].last_authenticated_at");
        assertThat(authenticatedAt, matchesPattern(RFC_3339_UTC));
        assertThat(authenticatedAt, equalTo(auth.getString("session.started_at")));
        assertThat((List<?>) session.get("authentication_factors"), contains(Map.of(
                "type", "magic_link",
                "delivery_method", "email",
                "last_authenticated_at", authenticatedAt,
                "created_at", authenticatedAt,
                "updated_at", authenticatedAt,
                "email_factor", Map.of("email_id", auth.getString("method_id"), "email_address", email))));
    }

    @Test
    void authenticateReturnsAStytchSessionAndTheNowVerifiedUser() {
        String email = uniqueEmail("shape");
        JsonPath sent = loginOrCreateMagicLink(email);

        JsonPath auth = authenticateMagicLink(outboxToken(email), 60).statusCode(200)
                .body("status_code", equalTo(200))
                .body("request_id", startsWith("request-id-test-"))
                .body("user_id", equalTo(sent.getString("user_id")))
                .body("method_id", equalTo(sent.getString("email_id")))
                .body("session_token", matchesPattern("[A-Za-z0-9_-]{43,}"))
                .body("session.session_id", matchesPattern("session-test-[0-9a-f-]{36}"))
                .body("session.user_id", equalTo(sent.getString("user_id")))
                .body("session.started_at", matchesPattern(RFC_3339_UTC))
                .body("session.last_accessed_at", matchesPattern(RFC_3339_UTC))
                .body("session.attributes.ip_address", equalTo(""))
                .body("session.attributes.user_agent", equalTo(""))
                .body("session.authentication_factors", hasSize(1))
                .body("session.authentication_factors[0].type", equalTo("magic_link"))
                .body("session.authentication_factors[0].delivery_method", equalTo("email"))
                .body("session.authentication_factors[0].email_factor.email_address", equalTo(email))
                .body("session.custom_claims", equalTo(Map.of()))
                .body("session.roles", equalTo(List.of("stytch_user")))
                .body("reset_sessions", equalTo(false))
                .body("user.emails", hasSize(1))
                .body("user.emails[0].email_id", equalTo(sent.getString("email_id")))
                .body("user.emails[0].email", equalTo(email))
                .body("user.emails[0].verified", equalTo(true))
                .body("user.status", equalTo("active"))
                .body("user.name", equalTo(Map.of("first_name", "", "middle_name", "", "last_name", "")))
                .body("user.phone_numbers", hasSize(0))
                .body("user.providers", hasSize(0))
                .body("user.is_locked", equalTo(false))
                .body("user.roles", equalTo(List.of("stytch_user")))
                .body("user", not(hasKey("password")))
                .extract().jsonPath();

        Instant started = Instant.parse(auth.getString("session.started_at"));
        assertThat(Instant.parse(auth.getString("session.expires_at")), equalTo(started.plus(Duration.ofMinutes(60))));
    }

    @Test
    void authenticateWithoutSessionDurationStartsNoSession() {
        String email = uniqueEmail("no-session");
        loginOrCreateMagicLink(email);

        authenticateMagicLink(outboxToken(email), null).statusCode(200)
                .body("session_token", emptyString())
                .body("session_jwt", emptyString())
                .body("session", nullValue())
                .body("user.emails[0].verified", equalTo(true));
    }

    @Test
    void magicLinkTokenWorksOnlyOnce() {
        String email = uniqueEmail("single-use");
        loginOrCreateMagicLink(email);
        String token = outboxToken(email);
        authenticateMagicLink(token, 60).statusCode(200);

        assertStytchError(authenticateMagicLink(token, 60), 401, "unable_to_auth_magic_link");
    }

    @Test
    void magicLinkStillWorksJustBeforeItsTtl() {
        String email = uniqueEmail("almost-expired");
        loginOrCreateMagicLink(email);
        clock.advance(Duration.ofMinutes(10).minusSeconds(5));

        authenticateMagicLink(outboxToken(email), 60).statusCode(200);
    }

    @Test
    void magicLinkIsRejectedOnceItsTtlHasPassed() {
        String email = uniqueEmail("expired");
        loginOrCreateMagicLink(email);
        clock.advance(Duration.ofMinutes(10).plusSeconds(1));

        assertStytchError(authenticateMagicLink(outboxToken(email), 60), 401, "unable_to_auth_magic_link");
    }

    @Test
    void unknownMagicLinkTokenIsNotFound() {
        assertStytchError(authenticateMagicLink("never-issued-" + UUID.randomUUID(), 60),
                404, "magic_link_not_found");
    }

    @Test
    void magicLinkTokenLongerThan256CharactersIsRejected() {
        assertStytchError(authenticateMagicLink("t".repeat(257), 60), 400, "invalid_token");
    }

    @Test
    void sessionDurationBelowFiveMinutesIsRejectedWithoutSpendingTheToken() {
        String email = uniqueEmail("short-session");
        loginOrCreateMagicLink(email);
        String token = outboxToken(email);

        assertStytchError(authenticateMagicLink(token, 4), 400, "invalid_session_duration_minutes");
        authenticateMagicLink(token, 5).statusCode(200);
    }

    @Test
    void sessionDurationAboveStytchsMaximumIsRejected() {
        String email = uniqueEmail("long-session");
        loginOrCreateMagicLink(email);

        assertStytchError(authenticateMagicLink(outboxToken(email), 527_041), 400,
                "invalid_session_duration_minutes");
    }
}
