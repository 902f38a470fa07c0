package studio.ainative.devkit.stytch;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasEntry;
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
import static studio.ainative.devkit.stytch.StytchApi.sendMagicLink;
import static studio.ainative.devkit.stytch.StytchApi.uniqueEmail;
import static studio.ainative.devkit.stytch.StytchApi.withProjectSecret;

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
    void sendAnswersWithUserAndEmailIdsInStytchTestFormats() {
        withProjectSecret().body(Map.of("email", uniqueEmail("send")))
                .when().post("/v1/magic_links/email/send")
                .then().statusCode(200)
                .body("status_code", equalTo(200))
                .body("request_id", startsWith("request-id-test-"))
                .body("user_id", matchesPattern("user-test-[0-9a-f-]{36}"))
                .body("email_id", matchesPattern("email-test-[0-9a-f-]{36}"));
    }

    @Test
    void sendingToAKnownEmailLogsInTheSameUser() {
        String email = uniqueEmail("returning");
        JsonPath first = sendMagicLink(email);
        JsonPath second = sendMagicLink(email.toUpperCase());

        assertThat(second.getString("user_id"), equalTo(first.getString("user_id")));
        assertThat(second.getString("email_id"), equalTo(first.getString("email_id")));
    }

    @Test
    void sendRejectsAnAddressWithoutADomain() {
        assertStytchError(withProjectSecret().body(Map.of("email", "not-an-email"))
                .when().post("/v1/magic_links/email/send").then(), 400, "invalid_email");
    }

    @Test
    void sendRejectsAnAddressLongerThan254Characters() {
        String tooLong = "a".repeat(243) + "@example.com";
        assertStytchError(withProjectSecret().body(Map.of("email", tooLong))
                .when().post("/v1/magic_links/email/send").then(), 400, "invalid_email");
    }

    @Test
    void sendRejectsALoginUrlThatIsNotHttp() {
        assertStytchError(withProjectSecret()
                .body(Map.of("email", uniqueEmail("ftp"), "login_magic_link_url", "ftp://example.com/auth"))
                .when().post("/v1/magic_links/email/send").then(), 400, "invalid_login_magic_link_url");
    }

    @Test
    void outboxHoldsTheNewestLinkWithTheTokenOnTheCallersUrl() {
        String email = uniqueEmail("outbox");
        Map<String, Object> body = Map.of("email", email,
                "login_magic_link_url", "https://app.example/authenticate",
                "signup_magic_link_url", "https://app.example/authenticate");
        JsonPath sent = withProjectSecret().body(body).post("/v1/magic_links/email/send").jsonPath();
        String firstToken = outboxToken(email);
        withProjectSecret().body(body).post("/v1/magic_links/email/send").then().statusCode(200);

        JsonPath message = given().queryParam("email", email).get("/dev/outbox")
                .then().statusCode(200).extract().jsonPath();
        String token = message.getString("token");
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
        sendMagicLink(email);

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
    void authenticateIssuesASessionJwtThatVerifiesAgainstTheJwks() throws Exception {
        String email = uniqueEmail("jwt");
        sendMagicLink(email);
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
        assertThat((List<?>) session.get("authentication_factors"), contains(Map.of(
                "type", "magic_link",
                "delivery_method", "email",
                "last_authenticated_at", auth.getString("session.authentication_factors[0].last_authenticated_at"),
                "email_factor", Map.of("email_id", auth.getString("method_id"), "email_address", email))));
    }

    @Test
    void authenticateReturnsAStytchSessionAndTheNowVerifiedUser() {
        String email = uniqueEmail("shape");
        JsonPath sent = sendMagicLink(email);

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
                .body("user.emails", hasSize(1))
                .body("user.emails[0].email_id", equalTo(sent.getString("email_id")))
                .body("user.emails[0].email", equalTo(email))
                .body("user.emails[0].verified", equalTo(true))
                .body("user.status", equalTo("active"))
                .body("user.name", equalTo(Map.of("first_name", "", "middle_name", "", "last_name", "")))
                .body("user.phone_numbers", hasSize(0))
                .body("user.providers", hasSize(0))
                .extract().jsonPath();

        Instant started = Instant.parse(auth.getString("session.started_at"));
        assertThat(Instant.parse(auth.getString("session.expires_at")), equalTo(started.plus(Duration.ofMinutes(60))));
    }

    @Test
    void authenticateWithoutSessionDurationStartsNoSession() {
        String email = uniqueEmail("no-session");
        sendMagicLink(email);

        authenticateMagicLink(outboxToken(email), null).statusCode(200)
                .body("session_token", emptyString())
                .body("session_jwt", emptyString())
                .body("session", nullValue())
                .body("user.emails[0].verified", equalTo(true));
    }

    @Test
    void magicLinkTokenWorksOnlyOnce() {
        String email = uniqueEmail("single-use");
        sendMagicLink(email);
        String token = outboxToken(email);
        authenticateMagicLink(token, 60).statusCode(200);

        assertStytchError(authenticateMagicLink(token, 60), 401, "unable_to_auth_magic_link");
    }

    @Test
    void magicLinkStillWorksJustBeforeItsTtl() {
        String email = uniqueEmail("almost-expired");
        sendMagicLink(email);
        clock.advance(Duration.ofMinutes(10).minusSeconds(5));

        authenticateMagicLink(outboxToken(email), 60).statusCode(200);
    }

    @Test
    void magicLinkIsRejectedOnceItsTtlHasPassed() {
        String email = uniqueEmail("expired");
        sendMagicLink(email);
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
        sendMagicLink(email);
        String token = outboxToken(email);

        assertStytchError(authenticateMagicLink(token, 4), 400, "invalid_session_duration_minutes");
        authenticateMagicLink(token, 5).statusCode(200);
    }

    @Test
    void sessionDurationAboveStytchsMaximumIsRejected() {
        String email = uniqueEmail("long-session");
        sendMagicLink(email);

        assertStytchError(authenticateMagicLink(outboxToken(email), 527_041), 400,
                "invalid_session_duration_minutes");
    }
}
