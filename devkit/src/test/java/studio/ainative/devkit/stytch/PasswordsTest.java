package studio.ainative.devkit.stytch;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static studio.ainative.devkit.stytch.StytchApi.STRONG_PASSWORD;
import static studio.ainative.devkit.stytch.StytchApi.assertStytchError;
import static studio.ainative.devkit.stytch.StytchApi.authenticatePassword;
import static studio.ainative.devkit.stytch.StytchApi.authenticateSession;
import static studio.ainative.devkit.stytch.StytchApi.createPasswordUser;
import static studio.ainative.devkit.stytch.StytchApi.getUser;
import static studio.ainative.devkit.stytch.StytchApi.loggedIn;
import static studio.ainative.devkit.stytch.StytchApi.post;
import static studio.ainative.devkit.stytch.StytchApi.uniqueEmail;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import studio.ainative.devkit.AdjustableClock;

@QuarkusTest
class PasswordsTest {

    private static final int LOCK_THRESHOLD = 10;

    @Inject
    AdjustableClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void createMakesAnActiveUserWithAPasswordAndStartsASession() {
        String email = uniqueEmail("pw-create");

        JsonPath created = createPasswordUser(email, STRONG_PASSWORD, 60).statusCode(200)
                .body("status_code", equalTo(200))
                .body("user_id", matchesPattern("user-test-[0-9a-f-]{36}"))
                .body("email_id", matchesPattern("email-test-[0-9a-f-]{36}"))
                .body("session_token", matchesPattern("[A-Za-z0-9_-]{43,}"))
                .body("session.authentication_factors[0].type", equalTo("password"))
                .body("user.status", equalTo("active"))
                .body("user.emails[0].email", equalTo(email))
                .body("user.emails[0].verified", equalTo(false))
                .body("user.password.password_id", matchesPattern("password-test-[0-9a-f-]{36}"))
                .body("user.password.requires_reset", equalTo(false))
                .extract().jsonPath();

        getUser(created.getString("user_id")).statusCode(200)
                .body("password.password_id", equalTo(created.getString("user.password.password_id")));
    }

    @Test
    void createWithoutSessionDurationStartsNoSession() {
        createPasswordUser(uniqueEmail("pw-no-session"), STRONG_PASSWORD, null).statusCode(200)
                .body("session_token", equalTo(""))
                .body("session_jwt", equalTo(""))
                .body("session", nullValue());
    }

    @Test
    void aPasswordSessionJwtHasAPasswordFactorAndNoEmail() throws Exception {
        String email = uniqueEmail("pw-jwt");
        createPasswordUser(email, STRONG_PASSWORD, null).statusCode(200);

        JsonPath auth = authenticatePassword(email, STRONG_PASSWORD, 60).statusCode(200).extract().jsonPath();

        String jwt = auth.getString("session_jwt");
        JwtClaims claims = SessionJwts.verifiedClaims(jwt);
        Map<?, ?> session = claims.getClaimValue("https://stytch.com/session", Map.class);
        String at = auth.getString("session.authentication_factors[0].last_authenticated_at");
        assertThat((List<?>) session.get("authentication_factors"), contains(Map.of(
                "type", "password",
                "delivery_method", "knowledge",
                "last_authenticated_at", at,
                "created_at", at,
                "updated_at", at)));
        assertThat(jwt.contains(email), is(false));
        authenticateSession(Map.of("session_jwt", jwt)).statusCode(200).body("user.emails[0].email", equalTo(email));
    }

    @Test
    void authenticateAnswersInStytchsShape() {
        String email = uniqueEmail("pw-auth");
        String userId = createPasswordUser(email, STRONG_PASSWORD, null).statusCode(200).extract().path("user_id");

        authenticatePassword(email.toUpperCase(), STRONG_PASSWORD, 60).statusCode(200)
                .body("status_code", equalTo(200))
                .body("user_id", equalTo(userId))
                .body("session.user_id", equalTo(userId))
                .body("user.user_id", equalTo(userId))
                .body("$", not(hasKey("method_id")));
    }

    @Test
    void theWrongPasswordIsUnauthorizedCredentials() {
        String email = uniqueEmail("pw-wrong");
        createPasswordUser(email, STRONG_PASSWORD, null).statusCode(200);

        assertStytchError(authenticatePassword(email, STRONG_PASSWORD + "!", 60), 401, "unauthorized_credentials");
    }

    @Test
    void anUnknownEmailIsEmailNotFound() {
        assertStytchError(authenticatePassword(uniqueEmail("pw-nobody"), STRONG_PASSWORD, 60),
                404, "email_not_found");
    }

    @Test
    void aUserWithoutAPasswordCannotAuthenticateWithOne() {
        String email = uniqueEmail("pw-passwordless");
        loggedIn(email, 60);

        assertStytchError(authenticatePassword(email, STRONG_PASSWORD, 60), 400, "no_user_password");
    }

    @Test
    void anEmailThatAlreadyHasAUserIsADuplicate() {
        String email = uniqueEmail("pw-duplicate");
        loggedIn(email, 60);

        assertStytchError(createPasswordUser(email, STRONG_PASSWORD, 60), 400, "duplicate_email");
    }

    @Test
    void aWeakPasswordIsRefusedAndNoUserIsCreated() {
        String email = uniqueEmail("pw-weak");

        assertStytchError(createPasswordUser(email, "Password1!", 60), 400, "weak_password");
        assertStytchError(authenticatePassword(email, "Password1!", 60), 404, "email_not_found");
    }

    @Test
    void aBreachedPasswordIsRefusedAsWeak() {
        assertStytchError(createPasswordUser(uniqueEmail("pw-breached"), "iloveyou", 60), 400, "weak_password");
    }

    @Test
    void aPasswordMadeOfTheEmailIsRefusedAsWeak() {
        String email = "quintessentially-" + UUID.randomUUID() + "@example.com";

        assertStytchError(createPasswordUser(email, "quintessentially", 60), 400, "weak_password");
    }

    @Test
    void aMissingPasswordIsAnInvalidArgument() {
        assertStytchError(post("/v1/passwords", Map.of("email", uniqueEmail("pw-missing"))), 400, "invalid_argument");
    }

    @Test
    void aPasswordLongerThan256CharactersIsAnInvalidArgument() {
        assertStytchError(createPasswordUser(uniqueEmail("pw-long"), "x".repeat(257), 60), 400, "invalid_argument");
    }

    @Test
    void createKeepsTheNameAndMetadata() {
        String userId = post("/v1/passwords", Map.of("email", uniqueEmail("pw-profile"), "password", STRONG_PASSWORD,
                "name", Map.of("first_name", "Ada", "last_name", "Lovelace"),
                "trusted_metadata", Map.of("plan", "pro")))
                .statusCode(200).extract().path("user_id");

        getUser(userId).statusCode(200)
                .body("name.first_name", equalTo("Ada"))
                .body("name.middle_name", equalTo(""))
                .body("name.last_name", equalTo("Lovelace"))
                .body("trusted_metadata.plan", equalTo("pro"))
                .body("untrusted_metadata", equalTo(Map.of()));
    }

    @Test
    void tenWrongPasswordsLockTheUserSoEvenTheRightPasswordIsRefused() {
        String email = uniqueEmail("pw-lock");
        createPasswordUser(email, STRONG_PASSWORD, null).statusCode(200);
        for (int i = 0; i < LOCK_THRESHOLD; i++) {
            authenticatePassword(email, "wrong-" + STRONG_PASSWORD, null).statusCode(401);
        }

        assertStytchError(authenticatePassword(email, STRONG_PASSWORD, 60), 429, "user_lock_limit_reached");
        clock.advance(Duration.ofHours(1));
        authenticatePassword(email, STRONG_PASSWORD, 60).statusCode(200);
    }

    @Test
    void aLockedUserCannotSignInByAnotherMethodEither() {
        String email = uniqueEmail("pw-lock-all");
        createPasswordUser(email, STRONG_PASSWORD, null).statusCode(200);
        for (int i = 0; i < LOCK_THRESHOLD; i++) {
            authenticatePassword(email, "wrong-" + STRONG_PASSWORD, null).statusCode(401);
        }
        StytchApi.sendMagicLink(email);

        assertStytchError(StytchApi.authenticateMagicLink(StytchApi.outboxToken(email), 60),
                429, "user_lock_limit_reached");
    }

    @Test
    void strengthCheckPassesAStrongPasswordWithEmptyFeedback() {
        post("/v1/passwords/strength_check", Map.of("password", STRONG_PASSWORD)).statusCode(200)
                .body("status_code", equalTo(200))
                .body("valid_password", equalTo(true))
                .body("score", greaterThanOrEqualTo(3))
                .body("breached_password", equalTo(false))
                .body("strength_policy", equalTo("zxcvbn"))
                .body("breach_detection_on_create", equalTo(true))
                .body("feedback.warning", equalTo(""))
                .body("feedback.suggestions", empty());
    }

    @Test
    void strengthCheckExplainsAWeakPassword() {
        post("/v1/passwords/strength_check", Map.of("password", "Password1!")).statusCode(200)
                .body("valid_password", equalTo(false))
                .body("score", lessThan(3))
                .body("feedback.warning", equalTo("This is similar to a commonly used password."))
                .body("feedback.suggestions", hasItem("Add another word or two. Uncommon words are better."));
    }

    @Test
    void strengthCheckReportsABreachOnlyWhenGivenAnEmail() {
        post("/v1/passwords/strength_check", Map.of("password", "iloveyou")).statusCode(200)
                .body("breached_password", equalTo(false))
                .body("valid_password", equalTo(false));
        post("/v1/passwords/strength_check", Map.of("password", "iloveyou", "email", uniqueEmail("pw-check")))
                .statusCode(200)
                .body("breached_password", equalTo(true))
                .body("feedback.warning", equalTo("This is a top-100 common password."));
    }
}
