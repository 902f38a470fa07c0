package studio.ainative.devkit.stytch;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static studio.ainative.devkit.stytch.StytchApi.assertStytchError;
import static studio.ainative.devkit.stytch.StytchApi.authenticateOtp;
import static studio.ainative.devkit.stytch.StytchApi.getUser;
import static studio.ainative.devkit.stytch.StytchApi.otpLoginOrCreate;
import static studio.ainative.devkit.stytch.StytchApi.outbox;
import static studio.ainative.devkit.stytch.StytchApi.outboxCode;
import static studio.ainative.devkit.stytch.StytchApi.post;
import static studio.ainative.devkit.stytch.StytchApi.uniqueEmail;

import io.quarkus.test.junit.QuarkusTest;
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
class OtpTest {

    private static final int LOCK_THRESHOLD = 10;

    @Inject
    AdjustableClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    /** A passcode that is certainly not the one sent. */
    private static String wrongCode(String right) {
        return right.equals("000000") ? "111111" : "000000";
    }

    /** {@code times} wrong codes in a row, each refused as not found. */
    private static void tryWrongCodes(int times, String methodId, String right) {
        for (int i = 0; i < times; i++) {
            assertStytchError(authenticateOtp(methodId, wrongCode(right), 60), 404, "otp_code_not_found");
        }
    }

    @Test
    void loginOrCreateCreatesTheUserAndPutsASixDigitCodeInTheOutbox() {
        String email = uniqueEmail("otp-new");

        JsonPath sent = post("/v1/otps/email/login_or_create", Map.of("email", email)).statusCode(200)
                .body("status_code", equalTo(200))
                .body("request_id", startsWith("request-id-test-"))
                .body("user_id", matchesPattern("user-test-[0-9a-f-]{36}"))
                .body("email_id", matchesPattern("email-test-[0-9a-f-]{36}"))
                .body("user_created", equalTo(true))
                .extract().jsonPath();

        JsonPath message = outbox(email, "otp");
        assertThat(message.getString("kind"), equalTo("otp"));
        assertThat(message.getString("code"), matchesPattern("\\d{6}"));
        assertThat(message.getString("email_id"), equalTo(sent.getString("email_id")));
        assertThat(message.get("token"), nullValue());
        Instant created = Instant.parse(message.getString("created_at"));
        assertThat(Instant.parse(message.getString("expires_at")), equalTo(created.plus(Duration.ofMinutes(2))));
    }

    @Test
    void loginOrCreateForAKnownEmailDoesNotCreateAnotherUser() {
        String email = uniqueEmail("otp-again");
        JsonPath first = otpLoginOrCreate(email);

        JsonPath second = otpLoginOrCreate(email);

        assertThat(second.getBoolean("user_created"), is(false));
        assertThat(second.getString("user_id"), equalTo(first.getString("user_id")));
    }

    @Test
    void theCodeAuthenticatesOnceWithAnOtpEmailFactorInTheSessionAndItsJwt() throws Exception {
        String email = uniqueEmail("otp-auth");
        JsonPath sent = otpLoginOrCreate(email);

        JsonPath auth = authenticateOtp(sent.getString("email_id"), outboxCode(email), 60).statusCode(200)
                .body("status_code", equalTo(200))
                .body("user_id", equalTo(sent.getString("user_id")))
                .body("method_id", equalTo(sent.getString("email_id")))
                .body("reset_sessions", equalTo(false))
                .body("session_token", matchesPattern("[A-Za-z0-9_-]{43,}"))
                .body("session.authentication_factors[0].type", equalTo("otp"))
                .body("session.authentication_factors[0].delivery_method", equalTo("email"))
                .body("session.authentication_factors[0].email_factor.email_address", equalTo(email))
                .body("user.emails[0].verified", equalTo(true))
                .extract().jsonPath();

        JwtClaims claims = SessionJwts.verifiedClaims(auth.getString("session_jwt"));
        Map<?, ?> session = claims.getClaimValue("https://stytch.com/session", Map.class);
        String at = auth.getString("session.authentication_factors[0].last_authenticated_at");
        assertThat((List<?>) session.get("authentication_factors"), contains(Map.of(
                "type", "otp",
                "delivery_method", "email",
                "last_authenticated_at", at,
                "created_at", at,
                "updated_at", at,
                "email_factor", Map.of("email_id", sent.getString("email_id"), "email_address", email))));
    }

    @Test
    void aUsedCodeCannotAuthenticateAgain() {
        String email = uniqueEmail("otp-replay");
        String methodId = otpLoginOrCreate(email).getString("email_id");
        String code = outboxCode(email);
        authenticateOtp(methodId, code, null).statusCode(200);

        assertStytchError(authenticateOtp(methodId, code, null), 401, "unable_to_auth_otp_code");
    }

    @Test
    void withoutSessionDurationTheCodeAuthenticatesButStartsNoSession() {
        String email = uniqueEmail("otp-no-session");
        String methodId = otpLoginOrCreate(email).getString("email_id");

        authenticateOtp(methodId, outboxCode(email), null).statusCode(200)
                .body("session_token", equalTo(""))
                .body("session_jwt", equalTo(""))
                .body("session", nullValue());
    }

    @Test
    void theCodeStillWorksJustBeforeItsTwoMinutes() {
        String email = uniqueEmail("otp-almost");
        String methodId = otpLoginOrCreate(email).getString("email_id");
        clock.advance(Duration.ofMinutes(2).minusSeconds(5));

        authenticateOtp(methodId, outboxCode(email), 60).statusCode(200);
    }

    @Test
    void theCodeExpiresAfterTwoMinutesByDefault() {
        String email = uniqueEmail("otp-expired");
        String methodId = otpLoginOrCreate(email).getString("email_id");
        clock.advance(Duration.ofMinutes(2).plusSeconds(1));

        assertStytchError(authenticateOtp(methodId, outboxCode(email), 60), 401, "unable_to_auth_otp_code");
    }

    @Test
    void expirationMinutesSetsTheCodesLifetime() {
        String email = uniqueEmail("otp-ten");
        String methodId = post("/v1/otps/email/login_or_create", Map.of("email", email, "expiration_minutes", 10))
                .statusCode(200).extract().path("email_id");
        clock.advance(Duration.ofMinutes(9));

        authenticateOtp(methodId, outboxCode(email), 60).statusCode(200);
    }

    @Test
    void expirationMinutesOutsideOneToTenIsRejected() {
        assertStytchError(post("/v1/otps/email/login_or_create",
                Map.of("email", uniqueEmail("otp-zero"), "expiration_minutes", 0)), 400, "invalid_argument");
        assertStytchError(post("/v1/otps/email/login_or_create",
                Map.of("email", uniqueEmail("otp-eleven"), "expiration_minutes", 11)), 400, "invalid_argument");
    }

    @Test
    void aWrongCodeIsNotFoundAndLeavesTheRightOneUsable() {
        String email = uniqueEmail("otp-wrong");
        String methodId = otpLoginOrCreate(email).getString("email_id");
        String code = outboxCode(email);

        assertStytchError(authenticateOtp(methodId, wrongCode(code), 60), 404, "otp_code_not_found");
        authenticateOtp(methodId, code, 60).statusCode(200);
    }

    @Test
    void aNewCodeReplacesTheEarlierOne() {
        String email = uniqueEmail("otp-replaced");
        String methodId = otpLoginOrCreate(email).getString("email_id");
        String first = outboxCode(email);
        String second;
        do {
            otpLoginOrCreate(email);
            second = outboxCode(email);
        } while (second.equals(first));

        assertStytchError(authenticateOtp(methodId, first, 60), 404, "otp_code_not_found");
        authenticateOtp(methodId, second, 60).statusCode(200);
    }

    @Test
    void aCodeThatIsNotSixDigitsIsAnInvalidCode() {
        String email = uniqueEmail("otp-format");
        String methodId = otpLoginOrCreate(email).getString("email_id");

        assertStytchError(authenticateOtp(methodId, "12345", 60), 400, "invalid_code");
        assertStytchError(authenticateOtp(methodId, "12a456", 60), 400, "invalid_code");
    }

    @Test
    void aMethodIdWithNoCodeIsNotFound() {
        assertStytchError(authenticateOtp("email-test-00000000-0000-4000-8000-000000000000", "123456", 60),
                404, "otp_code_not_found");
    }

    @Test
    void aMethodIdLongerThan256CharactersIsInvalid() {
        assertStytchError(authenticateOtp("m".repeat(257), "123456", 60), 400, "invalid_method_id");
    }

    @Test
    void aMissingCodeIsAnInvalidArgument() {
        assertStytchError(post("/v1/otps/authenticate", Map.of("method_id", "email-test-x")), 400,
                "invalid_argument");
    }

    @Test
    void aBadSessionDurationIsRejectedWithoutSpendingTheCode() {
        String email = uniqueEmail("otp-duration");
        String methodId = otpLoginOrCreate(email).getString("email_id");
        String code = outboxCode(email);

        assertStytchError(authenticateOtp(methodId, code, 4), 400, "invalid_session_duration_minutes");
        authenticateOtp(methodId, code, 5).statusCode(200);
    }

    @Test
    void tenWrongCodesLockTheUserSoEvenTheRightCodeIsRefused() {
        String email = uniqueEmail("otp-lock");
        JsonPath sent = otpLoginOrCreate(email);
        String methodId = sent.getString("email_id");
        String code = outboxCode(email);
        tryWrongCodes(LOCK_THRESHOLD, methodId, code);

        assertStytchError(authenticateOtp(methodId, code, 60), 429, "user_lock_limit_reached");
        getUser(sent.getString("user_id")).statusCode(200)
                .body("is_locked", equalTo(true))
                .body("lock_created_at", notNullValue())
                .body("lock_expires_at", notNullValue());
    }

    @Test
    void theLockEndsAfterAnHour() {
        String email = uniqueEmail("otp-unlock");
        JsonPath sent = otpLoginOrCreate(email);
        String methodId = sent.getString("email_id");
        tryWrongCodes(LOCK_THRESHOLD, methodId, outboxCode(email));
        clock.advance(Duration.ofHours(1));

        otpLoginOrCreate(email);
        authenticateOtp(methodId, outboxCode(email), 60).statusCode(200).body("user.is_locked", equalTo(false));
        getUser(sent.getString("user_id")).body("$", not(hasKey("lock_expires_at")));
    }

    @Test
    void aSuccessInBetweenResetsTheCountOfWrongCodes() {
        String email = uniqueEmail("otp-reset");
        String methodId = otpLoginOrCreate(email).getString("email_id");
        tryWrongCodes(LOCK_THRESHOLD - 1, methodId, outboxCode(email));
        authenticateOtp(methodId, outboxCode(email), 60).statusCode(200);

        otpLoginOrCreate(email);
        String code = outboxCode(email);
        tryWrongCodes(LOCK_THRESHOLD - 1, methodId, code);
        authenticateOtp(methodId, code, 60).statusCode(200);
    }

    @Test
    void sendReachesAnExistingUserOnly() {
        String email = uniqueEmail("otp-send");
        String userId = otpLoginOrCreate(email).getString("user_id");

        post("/v1/otps/email/send", Map.of("email", email)).statusCode(200)
                .body("user_id", equalTo(userId))
                .body("$", not(hasKey("user_created")));
        assertStytchError(post("/v1/otps/email/send", Map.of("email", uniqueEmail("otp-stranger"))),
                404, "email_not_found");
    }
}
