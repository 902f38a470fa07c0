package studio.ainative.devkit.stytch;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static studio.ainative.devkit.stytch.StytchApi.assertStytchError;
import static studio.ainative.devkit.stytch.StytchApi.authenticateSession;
import static studio.ainative.devkit.stytch.StytchApi.loggedIn;
import static studio.ainative.devkit.stytch.StytchApi.revokeSession;
import static studio.ainative.devkit.stytch.StytchApi.uniqueEmail;
import static studio.ainative.devkit.stytch.StytchApi.withProjectSecret;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import studio.ainative.devkit.AdjustableClock;

@QuarkusTest
class SessionsTest {

    @Inject
    AdjustableClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void authenticatesBySessionTokenAndReturnsTheUsersEmails() {
        String email = uniqueEmail("by-token");
        JsonPath login = loggedIn(email, 60);

        authenticateSession(Map.of("session_token", login.getString("session_token")))
                .statusCode(200)
                .body("status_code", equalTo(200))
                .body("session.session_id", equalTo(login.getString("session.session_id")))
                .body("session_token", equalTo(login.getString("session_token")))
                .body("user.user_id", equalTo(login.getString("user_id")))
                .body("user.emails", hasSize(1))
                .body("user.emails[0].email", equalTo(email))
                .body("user.emails[0].email_id", equalTo(login.getString("method_id")))
                .body("user.emails[0].verified", equalTo(true));
    }

    @Test
    void authenticatesBySessionJwtAndMintsAFreshVerifiableJwt() throws Exception {
        String email = uniqueEmail("by-jwt");
        JsonPath login = loggedIn(email, 60);

        JsonPath auth = authenticateSession(Map.of("session_jwt", login.getString("session_jwt")))
                .statusCode(200)
                .body("session.session_id", equalTo(login.getString("session.session_id")))
                .body("user.emails[0].email", equalTo(email))
                .extract().jsonPath();

        JwtClaims fresh = SessionJwts.verifiedClaims(auth.getString("session_jwt"));
        assertThat(fresh.getSubject(), equalTo(login.getString("user_id")));
    }

    @Test
    void acceptsAnExpiredJwtWhileItsSessionIsLive() throws Exception {
        JsonPath login = loggedIn(uniqueEmail("expired-jwt"), 60);
        clock.advance(Duration.ofMinutes(6));

        JsonPath auth = authenticateSession(Map.of("session_jwt", login.getString("session_jwt")))
                .statusCode(200).extract().jsonPath();

        long oldExp = SessionJwts.unverifiedClaims(login.getString("session_jwt")).getExpirationTime().getValue();
        long newExp = SessionJwts.unverifiedClaims(auth.getString("session_jwt")).getExpirationTime().getValue();
        assertThat(clock.instant().getEpochSecond(), greaterThan(oldExp));
        assertThat(newExp, greaterThan(clock.instant().getEpochSecond()));
    }

    @Test
    void rejectsASessionPastItsExpiry() {
        JsonPath login = loggedIn(uniqueEmail("expired-session"), 5);
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));

        assertStytchError(authenticateSession(Map.of("session_token", login.getString("session_token"))),
                404, "session_not_found");
    }

    @Test
    void sessionDurationMinutesExtendsTheSessionFromNow() {
        JsonPath login = loggedIn(uniqueEmail("extend"), 5);
        clock.advance(Duration.ofMinutes(4));

        JsonPath auth = authenticateSession(Map.of(
                "session_token", login.getString("session_token"), "session_duration_minutes", 120))
                .statusCode(200).extract().jsonPath();

        Instant accessed = Instant.parse(auth.getString("session.last_accessed_at"));
        assertThat(Instant.parse(auth.getString("session.expires_at")),
                equalTo(accessed.plus(Duration.ofMinutes(120))));
        clock.advance(Duration.ofMinutes(10));
        authenticateSession(Map.of("session_token", login.getString("session_token"))).statusCode(200);
    }

    @Test
    void rejectsAnExtensionOutsideStytchsBounds() {
        JsonPath login = loggedIn(uniqueEmail("bad-extension"), 60);

        assertStytchError(authenticateSession(Map.of(
                "session_token", login.getString("session_token"), "session_duration_minutes", 0)),
                400, "invalid_session_duration_minutes");
    }

    @Test
    void authenticatingBumpsLastAccessedAt() {
        JsonPath login = loggedIn(uniqueEmail("touch"), 60);
        clock.advance(Duration.ofMinutes(2));

        JsonPath auth = authenticateSession(Map.of("session_token", login.getString("session_token")))
                .statusCode(200)
                .body("session.started_at", equalTo(login.getString("session.started_at")))
                .body("session.expires_at", equalTo(login.getString("session.expires_at")))
                .extract().jsonPath();

        assertThat(auth.getString("session.last_accessed_at"),
                not(equalTo(login.getString("session.last_accessed_at"))));
    }

    @Test
    void rejectsAJwtWhosePayloadWasAltered() {
        String jwt = loggedIn(uniqueEmail("tampered"), 60).getString("session_jwt");
        String[] parts = jwt.split("\\.");
        String otherPayload = loggedIn(uniqueEmail("victim"), 60).getString("session_jwt").split("\\.")[1];

        assertStytchError(authenticateSession(Map.of("session_jwt", parts[0] + "." + otherPayload + "." + parts[2])),
                401, "unable_to_parse_session_jwt");
    }

    @Test
    void rejectsAJwtSignedByAKeyThatIsNotPublished() throws Exception {
        String genuine = loggedIn(uniqueEmail("forged"), 60).getString("session_jwt");
        JsonWebSignature original = SessionJwts.header(genuine);
        RsaJsonWebKey attackerKey = RsaJwkGenerator.generateJwk(2048);
        JsonWebSignature forged = new JsonWebSignature();
        forged.setPayload(original.getUnverifiedPayload());
        forged.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        forged.setKeyIdHeaderValue(original.getKeyIdHeaderValue());
        forged.setKey(attackerKey.getPrivateKey());

        assertStytchError(authenticateSession(Map.of("session_jwt", forged.getCompactSerialization())),
                401, "unable_to_parse_session_jwt");
    }

    @Test
    void rejectsAStringThatIsNotAJwt() {
        assertStytchError(authenticateSession(Map.of("session_jwt", "not.a.jwt")), 401, "unable_to_parse_session_jwt");
    }

    @Test
    void rejectsBothTokenAndJwtAtOnce() {
        JsonPath login = loggedIn(uniqueEmail("both"), 60);

        assertStytchError(authenticateSession(Map.of(
                "session_token", login.getString("session_token"), "session_jwt", login.getString("session_jwt"))),
                400, "too_many_session_arguments");
    }

    @Test
    void rejectsAuthenticationWithNeitherTokenNorJwt() {
        assertStytchError(authenticateSession(Map.of()), 400, "no_session_arguments");
    }

    @Test
    void unknownSessionTokenIsNotFound() {
        assertStytchError(authenticateSession(Map.of("session_token", "no-such-session-token")),
                404, "session_not_found");
    }

    @Test
    void sessionTokenLongerThan256CharactersIsRejected() {
        assertStytchError(authenticateSession(Map.of("session_token", "s".repeat(257))), 400, "invalid_session_token");
    }

    @Test
    void revokingBySessionIdEndsTheSession() {
        JsonPath login = loggedIn(uniqueEmail("revoke-id"), 60);

        revokeSession(Map.of("session_id", login.getString("session.session_id")))
                .statusCode(200).body("status_code", equalTo(200));

        assertStytchError(authenticateSession(Map.of("session_token", login.getString("session_token"))),
                404, "session_not_found");
    }

    @Test
    void revokingBySessionTokenEndsTheSession() {
        JsonPath login = loggedIn(uniqueEmail("revoke-token"), 60);

        revokeSession(Map.of("session_token", login.getString("session_token"))).statusCode(200);

        assertStytchError(authenticateSession(Map.of("session_jwt", login.getString("session_jwt"))),
                404, "session_not_found");
    }

    @Test
    void revokingBySessionJwtEndsTheSession() {
        JsonPath login = loggedIn(uniqueEmail("revoke-jwt"), 60);

        revokeSession(Map.of("session_jwt", login.getString("session_jwt"))).statusCode(200);

        assertStytchError(authenticateSession(Map.of("session_token", login.getString("session_token"))),
                404, "session_not_found");
    }

    @Test
    void revokingAnUnknownSessionIsNotFound() {
        assertStytchError(revokeSession(Map.of("session_id", "session-test-00000000-0000-4000-8000-000000000000")),
                404, "session_not_found");
    }

    @Test
    void revokingWithoutArgumentsIsRejected() {
        assertStytchError(revokeSession(Map.of()), 400, "no_session_revoke_arguments");
    }

    @Test
    void revokingWithTwoArgumentsIsRejected() {
        JsonPath login = loggedIn(uniqueEmail("revoke-two"), 60);

        assertStytchError(revokeSession(Map.of(
                "session_id", login.getString("session.session_id"),
                "session_token", login.getString("session_token"))),
                400, "too_many_session_revoke_arguments");
    }

    @Test
    void getListsAUsersLiveSessionsInStytchsShape() {
        String email = uniqueEmail("list");
        JsonPath first = loggedIn(email, 60);
        JsonPath second = loggedIn(email, 60);

        withProjectSecret().queryParam("user_id", first.getString("user_id")).when().get("/v1/sessions")
                .then().statusCode(200)
                .body("status_code", equalTo(200))
                .body("request_id", startsWith("request-id-test-"))
                .body("sessions.session_id", contains(first.getString("session.session_id"),
                        second.getString("session.session_id")))
                .body("sessions[0].user_id", equalTo(first.getString("user_id")))
                .body("sessions[0].authentication_factors[0].type", equalTo("magic_link"))
                .body("sessions[0].roles", contains("stytch_user"))
                .body("sessions[0]", not(hasKey("session_token")));
    }

    @Test
    void getLeavesOutRevokedAndExpiredSessions() {
        String email = uniqueEmail("list-live");
        JsonPath revoked = loggedIn(email, 60);
        JsonPath shortLived = loggedIn(email, 5);
        JsonPath live = loggedIn(email, 60);
        revokeSession(Map.of("session_id", revoked.getString("session.session_id"))).statusCode(200);
        clock.advance(Duration.ofMinutes(6));

        withProjectSecret().queryParam("user_id", live.getString("user_id")).when().get("/v1/sessions")
                .then().statusCode(200)
                .body("sessions.session_id", contains(live.getString("session.session_id")));
        assertThat(shortLived.getString("user_id"), equalTo(live.getString("user_id")));
    }

    @Test
    void getOfAUserWithoutSessionsIsAnEmptyList() {
        String userId = StytchApi.loginOrCreateMagicLink(uniqueEmail("list-none")).getString("user_id");

        withProjectSecret().queryParam("user_id", userId).when().get("/v1/sessions")
                .then().statusCode(200).body("sessions", hasSize(0));
    }

    @Test
    void getOfAnUnknownUserIsUserNotFound() {
        assertStytchError(withProjectSecret().queryParam("user_id", "user-test-00000000-0000-4000-8000-000000000000")
                .when().get("/v1/sessions").then(), 404, "user_not_found");
    }

    @Test
    void getWithoutAUserIdIsAnInvalidArgument() {
        assertStytchError(withProjectSecret().when().get("/v1/sessions").then(), 400, "invalid_argument");
    }
}
