package studio.ainative.identity.verification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.jose4j.json.JsonUtil;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.Test;
import studio.ainative.identity.verification.ClaimMapper.MappedIdentity;

class ClaimMapperTest {

    /** Claims parsed the way a token's payload is parsed, so numbers are Longs as in production. */
    private static Map<String, Object> claims(String json) {
        try {
            return JsonUtil.parseJson(json);
        } catch (JoseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static MappedIdentity map(String json, Map<String, String> mapping) {
        return ClaimMapper.map(claims(json), mapping);
    }

    private static String userIdOf(String json) {
        return map(json, Map.of(ClaimMapper.USER_ID, "uid")).userId();
    }

    private static String emailOf(String json) {
        return map(json, Map.of(ClaimMapper.EMAIL, "mail")).email();
    }

    private static final String STYTCH_SESSION = """
            "https://stytch.com/session": {"id": "session-1", "authentication_factors": [
                {"type": "oauth", "delivery_method": "oauth_google"},
                {"type": "magic_link", "email_factor": {"email_id": "e-1", "email_address": "session@example.com"}}
            ]}""";

    // --- user_id ---

    @Test
    void userIdDefaultsToSub() {
        assertEquals("user-1", map("""
                {"sub": "user-1", "uid": "other"}""", Map.of()).userId());
    }

    @Test
    void userIdFollowsMappedPath() {
        assertEquals("u-42", map("""
                {"sub": "user-1", "user": {"id": "u-42"}}""", Map.of(ClaimMapper.USER_ID, "user.id")).userId());
    }

    @Test
    void userIdAcceptsString() {
        assertEquals("abc", userIdOf("""
                {"uid": "abc"}"""));
    }

    @Test
    void userIdAcceptsIntegerAndRendersItInDecimal() {
        assertEquals("1234567890123", userIdOf("""
                {"uid": 1234567890123}"""));
    }

    @Test
    void userIdAcceptsJavaInteger() {
        assertEquals("7", ClaimMapper.asUserId(Integer.valueOf(7)));
    }

    @Test
    void userIdRefusesFloatingPointNumber() {
        assertNull(userIdOf("""
                {"uid": 12.5}"""));
    }

    @Test
    void userIdRefusesBoolean() {
        assertNull(userIdOf("""
                {"uid": true}"""));
    }

    @Test
    void userIdRefusesObject() {
        assertNull(userIdOf("""
                {"uid": {"id": "abc"}}"""));
    }

    @Test
    void userIdRefusesArray() {
        assertNull(userIdOf("""
                {"uid": ["abc"]}"""));
    }

    @Test
    void userIdRefusesBlankString() {
        assertNull(userIdOf("""
                {"uid": "   "}"""));
    }

    @Test
    void userIdRefusesStringLongerThan256Characters() {
        assertNull(ClaimMapper.asUserId("x".repeat(257)));
    }

    @Test
    void userIdAcceptsStringOfExactly256Characters() {
        assertEquals("x".repeat(256), ClaimMapper.asUserId("x".repeat(256)));
    }

    @Test
    void userIdIsNullWhenClaimAbsent() {
        assertNull(map("""
                {"email": "a@example.com"}""", Map.of()).userId());
    }

    // --- email shapes ---

    @Test
    void emailAcceptsString() {
        assertEquals("a@example.com", emailOf("""
                {"mail": "a@example.com"}"""));
    }

    @Test
    void emailTakesFirstStringOfArray() {
        assertEquals("a@example.com", emailOf("""
                {"mail": ["a@example.com", "b@example.com"]}"""));
    }

    @Test
    void emailArraySkipsInvalidStrings() {
        assertEquals("b@example.com", emailOf("""
                {"mail": ["not an email", "b@example.com"]}"""));
    }

    @Test
    void emailTakesFirstVerifiedOfStytchEmailObjects() {
        assertEquals("verified@example.com", emailOf("""
                {"mail": [
                    {"email_id": "e-1", "email": "unverified@example.com", "verified": false},
                    {"email_id": "e-2", "email": "verified@example.com", "verified": true},
                    {"email_id": "e-3", "email": "later@example.com", "verified": true}
                ]}"""));
    }

    @Test
    void emailIsNullWhenNoStytchEmailObjectIsVerified() {
        assertNull(emailOf("""
                {"mail": [
                    {"email": "a@example.com", "verified": false},
                    {"email": "b@example.com"}
                ]}"""));
    }

    @Test
    void emailDoesNotTreatVerifiedStringAsTrue() {
        assertNull(emailOf("""
                {"mail": [{"email": "a@example.com", "verified": "true"}]}"""));
    }

    @Test
    void emailTakesFirstObjectWithEmailWhenNoneCarriesVerifiedFlag() {
        assertEquals("b@example.com", emailOf("""
                {"mail": [{"id": "no-email"}, {"email": "b@example.com"}, {"email": "c@example.com"}]}"""));
    }

    @Test
    void emailAcceptsObjectWithEmailMember() {
        assertEquals("a@example.com", emailOf("""
                {"mail": {"email": "a@example.com"}}"""));
    }

    @Test
    void emailAcceptsObjectWithEmailAddressMember() {
        assertEquals("a@example.com", emailOf("""
                {"mail": {"email_address": "a@example.com"}}"""));
    }

    @Test
    void emailAcceptsObjectWithValueMember() {
        assertEquals("a@example.com", emailOf("""
                {"mail": {"value": "a@example.com"}}"""));
    }

    @Test
    void emailRefusesSingleObjectMarkedUnverified() {
        // Same rule as inside an array: an address its own provider marks unverified is not an identity.
        assertNull(emailOf("""
                {"mail": {"email": "unverified@example.com", "verified": false}}"""));
    }

    private static List<?> userEmails(String json) {
        return (List<?>) claims("{\"emails\": " + json + "}").get("emails");
    }

    @Test
    void sessionApiEmailAppliesTheSameRulesToApiResponseMembers() {
        assertEquals("v@example.com", ClaimMapper.emailOfSession(userEmails("""
                [{"email": "u@example.com", "verified": false}, {"email": "v@example.com", "verified": true}]"""), List.of()));
    }

    @Test
    void sessionApiEmailIsTheVerifiedOneTheSessionSignedInWith() {
        List<?> emails = userEmails("""
                [{"email_id": "email-1", "email": "first@example.com", "verified": true},
                 {"email_id": "email-2", "email": "google@example.com", "verified": true}]""");
        assertEquals("google@example.com", ClaimMapper.emailOfSession(emails, List.of("email-2")));
        assertEquals("first@example.com", ClaimMapper.emailOfSession(emails, List.of("email-unknown")));
    }

    @Test
    void sessionApiEmailSkipsTheSignInEmailWhenUnverified() {
        List<?> emails = userEmails("""
                [{"email_id": "email-1", "email": "first@example.com", "verified": true},
                 {"email_id": "email-2", "email": "github@example.com", "verified": false}]""");
        assertEquals("first@example.com", ClaimMapper.emailOfSession(emails, List.of("email-2")));
    }

    @Test
    void sessionEmailIdsAreTheIdsEveryFactorNames() {
        assertEquals(List.of("email-g", "email-m"), ClaimMapper.sessionEmailIds(claims("""
                {"https://stytch.com/session": {"id": "session-1", "authentication_factors": [
                    {"type": "oauth", "delivery_method": "oauth_google",
                     "google_oauth_factor": {"id": "oauth-user-1", "provider_subject": "1034", "email_id": "email-g"}},
                    {"type": "password", "delivery_method": "knowledge"},
                    {"type": "magic_link", "delivery_method": "email",
                     "email_factor": {"email_id": "email-m", "email_address": "m@example.com"}}
                ]}}""")));
    }

    @Test
    void sessionEmailIdsOfATokenWithoutStytchSessionAreNone() {
        assertEquals(List.of(), ClaimMapper.sessionEmailIds(claims("""
                {"sub": "u", "https://stytch.com/session": {"authentication_factors": "not a list"}}""")));
    }

    // --- invalid email shapes ignored ---

    @Test
    void emailIgnoresStringWithoutAt() {
        assertNull(emailOf("""
                {"mail": "not-an-email"}"""));
    }

    @Test
    void emailIgnoresStringWithTwoAts() {
        assertNull(emailOf("""
                {"mail": "a@b@example.com"}"""));
    }

    @Test
    void emailIgnoresStringWithWhitespace() {
        assertNull(emailOf("""
                {"mail": "a b@example.com"}"""));
    }

    @Test
    void emailIgnoresLocalPartOver64Characters() {
        assertNull(emailOf("{\"mail\": \"" + "a".repeat(65) + "@example.com\"}"));
    }

    @Test
    void emailIgnoresNumber() {
        assertNull(emailOf("""
                {"mail": 42}"""));
    }

    @Test
    void emailIgnoresBoolean() {
        assertNull(emailOf("""
                {"mail": true}"""));
    }

    @Test
    void emailIgnoresObjectWhoseEmailMemberIsNotAString() {
        assertNull(emailOf("""
                {"mail": {"email": ["a@example.com"]}}"""));
    }

    @Test
    void emailIsNullWhenNotMappedAndNoStytchSession() {
        assertNull(map("""
                {"sub": "user-1", "email": "a@example.com"}""", Map.of()).email());
    }

    // --- Stytch session fallback ---

    @Test
    void emailFallsBackToStytchSessionEmailFactorWhenNotMapped() {
        assertEquals("session@example.com", map("{\"sub\": \"user-1\", " + STYTCH_SESSION + "}", Map.of()).email());
    }

    @Test
    void emailFallsBackToStytchSessionEmailFactorWhenMappedClaimAbsent() {
        assertEquals("session@example.com",
                map("{\"sub\": \"user-1\", " + STYTCH_SESSION + "}", Map.of(ClaimMapper.EMAIL, "mail")).email());
    }

    @Test
    void emailFallsBackToStytchSessionEmailFactorWhenMappedClaimIsInvalid() {
        assertEquals("session@example.com", map("{\"sub\": \"user-1\", \"mail\": \"nope\", " + STYTCH_SESSION + "}",
                Map.of(ClaimMapper.EMAIL, "mail")).email());
    }

    @Test
    void mappedEmailWinsOverStytchSessionEmail() {
        assertEquals("mapped@example.com", map("{\"sub\": \"user-1\", \"mail\": \"mapped@example.com\", " + STYTCH_SESSION + "}",
                Map.of(ClaimMapper.EMAIL, "mail")).email());
    }

    @Test
    void stytchSessionWithoutEmailFactorGivesNoEmail() {
        assertNull(map("""
                {"sub": "user-1", "https://stytch.com/session": {"authentication_factors": [
                    {"type": "oauth", "delivery_method": "oauth_google"}
                ]}}""", Map.of()).email());
    }

    @Test
    void stytchSessionEmailFactorWithInvalidAddressGivesNoEmail() {
        assertNull(map("""
                {"sub": "user-1", "https://stytch.com/session": {"authentication_factors": [
                    {"type": "magic_link", "email_factor": {"email_address": "not-an-email"}}
                ]}}""", Map.of()).email());
    }

    @Test
    void mapsUserIdAndEmailTogether() {
        assertEquals(new MappedIdentity("user-live-1", "a@example.com"), map("""
                {"sub": "user-live-1", "email": "a@example.com"}""", Map.of(ClaimMapper.EMAIL, "email")));
    }

    // --- unverified emails ---

    @Test
    void userIdMappedToATopLevelEmailMarkedUnverifiedIsRefused() {
        assertNull(map("""
                {"sub": "user-1", "email": "victim@example.com", "email_verified": false}""",
                Map.of(ClaimMapper.USER_ID, "email")).userId());
    }

    @Test
    void userIdMappedToATopLevelEmailMarkedVerifiedIsKept() {
        assertEquals("me@example.com", map("""
                {"sub": "user-1", "email": "me@example.com", "email_verified": true}""",
                Map.of(ClaimMapper.USER_ID, "email")).userId());
    }

    @Test
    void userIdMappedToATopLevelEmailWithoutAFlagIsKept() {
        assertEquals("me@example.com", map("""
                {"sub": "user-1", "email": "me@example.com"}""", Map.of(ClaimMapper.USER_ID, "email")).userId());
    }

    @Test
    void userIdMappedIntoAnEmailObjectMarkedUnverifiedIsRefused() {
        assertNull(map("""
                {"sub": "user-1", "emails": [{"email": "victim@example.com", "verified": false}]}""",
                Map.of(ClaimMapper.USER_ID, "emails[0].email")).userId());
    }

    @Test
    void userIdMappedIntoAnEmailObjectWithEmailVerifiedFalseIsRefused() {
        assertNull(map("""
                {"sub": "user-1", "contact": {"email": "victim@example.com", "email_verified": false}}""",
                Map.of(ClaimMapper.USER_ID, "contact.email")).userId());
    }

    @Test
    void userIdEqualToTheUnverifiedTopLevelEmailUnderAnotherClaimIsRefused() {
        assertNull(map("""
                {"sub": "user-1", "email": "victim@example.com", "email_verified": false, "login": "victim@example.com"}""",
                Map.of(ClaimMapper.USER_ID, "login")).userId());
    }

    @Test
    void aNonEmailUserIdIsKeptNextToAnUnverifiedEmail() {
        assertEquals("user-1", map("""
                {"sub": "user-1", "email": "victim@example.com", "email_verified": false}""", Map.of()).userId());
    }

    @Test
    void emailMappedToATopLevelEmailMarkedUnverifiedIsNoEmail() {
        assertNull(map("""
                {"sub": "user-1", "email": "victim@example.com", "email_verified": false}""",
                Map.of(ClaimMapper.EMAIL, "email")).email());
    }

    @Test
    void emailMappedIntoAnObjectWithEmailVerifiedFalseIsNoEmail() {
        assertNull(emailOf("""
                {"mail": {"email": "victim@example.com", "email_verified": false}}"""));
    }

    /** The regular expression the shape check replaced: the check must agree with it on every string. */
    private static final java.util.regex.Pattern FORMER_EMAIL_SHAPE = java.util.regex.Pattern.compile("^[^@\\s]{1,64}@[^@\\s]{1,253}$");

    @Test
    void theEmailShapeCheckAgreesWithTheRegularExpressionItReplaced() {
        String[] fixed = {"a@b", "@b", "a@", "a@@b", "a@b@c", "", "@", "a b@c", "a@b\tc", "a@b\u000Bc", "a@b\u00A0c",
                "x".repeat(64) + "@d", "x".repeat(65) + "@d", "a@" + "d".repeat(253), "a@" + "d".repeat(254),
                "\uD83D\uDE00".repeat(64) + "@d", "\uD83D\uDE00".repeat(65) + "@d", "a@" + "\uD83D\uDE00".repeat(253),
                "a@" + "\uD83D\uDE00".repeat(254), "\uD83D".repeat(64) + "@d", "\uDE00@d", "user@example.com\n"};
        for (String s : fixed) {
            assertEquals(FORMER_EMAIL_SHAPE.matcher(s).matches(), ClaimMapper.emailShaped(s), () -> "\"" + s + "\"");
        }
        java.util.Random random = new java.util.Random(20261206);
        char[] alphabet = {'a', 'Z', '0', '.', '+', '@', ' ', '\t', '\n', '\r', '\f', '\u000B', '\u00A0', '\u2028', '\uD83D', '\uDE00'};
        for (int i = 0; i < 20_000; i++) {
            StringBuilder b = new StringBuilder();
            int length = random.nextInt(4) == 0 ? 50 + random.nextInt(300) : random.nextInt(12);
            for (int j = 0; j < length; j++) {
                b.append(random.nextInt(3) == 0 ? alphabet[random.nextInt(alphabet.length)] : 'x');
            }
            String s = b.toString();
            assertEquals(FORMER_EMAIL_SHAPE.matcher(s).matches(), ClaimMapper.emailShaped(s), () -> "\"" + s + "\"");
        }
    }
}
