package studio.ainative.devkit.stytch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedirectUrlTest {

    private static final String BASE = "http://127.0.0.1:8090";

    private static RedirectUrl parse(String raw) {
        return RedirectUrl.parseOptional(raw, StytchError.INVALID_LOGIN_MAGIC_LINK_URL).orElseThrow();
    }

    @Test
    void appendsTheTokenAsTheQueryString() {
        assertEquals("https://app.example/authenticate?stytch_token_type=magic_links&token=abc",
                parse("https://app.example/authenticate").withToken("magic_links", "abc"));
    }

    @Test
    void keepsAnExistingQueryString() {
        assertEquals("http://localhost:3000/auth?next=%2Fhome&stytch_token_type=magic_links&token=abc",
                parse("http://localhost:3000/auth?next=%2Fhome").withToken("magic_links", "abc"));
    }

    @Test
    void namesTheTokenTypeForOAuthCallbacks() {
        assertEquals("https://app.example/cb?stytch_token_type=oauth&token=xyz",
                parse("https://app.example/cb").withToken("oauth", "xyz"));
    }

    @Test
    void sendsNewUsersToTheSignupUrlAndReturningOnesToTheLoginUrl() {
        Optional<RedirectUrl> login = Optional.of(new RedirectUrl("https://app.example/login"));
        Optional<RedirectUrl> signup = Optional.of(new RedirectUrl("https://app.example/signup"));

        assertEquals("https://app.example/signup", RedirectUrl.choose(true, login, signup, BASE).base());
        assertEquals("https://app.example/login", RedirectUrl.choose(false, login, signup, BASE).base());
    }

    @Test
    void fallsBackToTheOtherUrlThenToThePublicBaseUrl() {
        Optional<RedirectUrl> login = Optional.of(new RedirectUrl("https://app.example/login"));

        assertEquals("https://app.example/login", RedirectUrl.choose(true, login, Optional.empty(), BASE).base());
        assertEquals("http://127.0.0.1:8090/authenticate",
                RedirectUrl.choose(false, Optional.empty(), Optional.empty(), BASE + "/").base());
    }

    @Test
    void treatsABlankUrlAsNotGiven() {
        assertTrue(RedirectUrl.parseOptional("", StytchError.INVALID_LOGIN_MAGIC_LINK_URL).isEmpty());
        assertTrue(RedirectUrl.parseOptional(null, StytchError.INVALID_LOGIN_MAGIC_LINK_URL).isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/authenticate", "ftp://app.example/auth", "javascript:alert(1)", "https:///nohost",
            "not a url"})
    void rejectsUrlsThatAreNotAbsoluteHttp(String raw) {
        StytchException e = assertThrows(StytchException.class,
                () -> RedirectUrl.parseOptional(raw, StytchError.INVALID_SIGNUP_MAGIC_LINK_URL));
        assertEquals(StytchError.INVALID_SIGNUP_MAGIC_LINK_URL, e.error());
    }

    @Test
    void rejectsAUrlLongerThan2048Characters() {
        String tooLong = "https://app.example/" + "a".repeat(2048);
        assertThrows(StytchException.class,
                () -> RedirectUrl.parseOptional(tooLong, StytchError.INVALID_LOGIN_MAGIC_LINK_URL));
    }
}
