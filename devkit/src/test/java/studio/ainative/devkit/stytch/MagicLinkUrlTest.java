package studio.ainative.devkit.stytch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MagicLinkUrlTest {

    private static MagicLinkUrl parse(String raw) {
        return MagicLinkUrl.parseOptional(raw, StytchError.INVALID_LOGIN_MAGIC_LINK_URL).orElseThrow();
    }

    @Test
    void appendsTheTokenAsTheQueryString() {
        assertEquals("https://app.example/authenticate?stytch_token_type=magic_links&token=abc",
                parse("https://app.example/authenticate").withToken("abc"));
    }

    @Test
    void keepsAnExistingQueryString() {
        assertEquals("http://localhost:3000/auth?next=%2Fhome&stytch_token_type=magic_links&token=abc",
                parse("http://localhost:3000/auth?next=%2Fhome").withToken("abc"));
    }

    @Test
    void treatsABlankUrlAsNotGiven() {
        assertTrue(MagicLinkUrl.parseOptional("", StytchError.INVALID_LOGIN_MAGIC_LINK_URL).isEmpty());
        assertTrue(MagicLinkUrl.parseOptional(null, StytchError.INVALID_LOGIN_MAGIC_LINK_URL).isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/authenticate", "ftp://app.example/auth", "javascript:alert(1)", "https:///nohost",
            "not a url"})
    void rejectsUrlsThatAreNotAbsoluteHttp(String raw) {
        StytchException e = assertThrows(StytchException.class,
                () -> MagicLinkUrl.parseOptional(raw, StytchError.INVALID_SIGNUP_MAGIC_LINK_URL));
        assertEquals(StytchError.INVALID_SIGNUP_MAGIC_LINK_URL, e.error());
    }

    @Test
    void rejectsAUrlLongerThan2048Characters() {
        String tooLong = "https://app.example/" + "a".repeat(2048);
        assertThrows(StytchException.class,
                () -> MagicLinkUrl.parseOptional(tooLong, StytchError.INVALID_LOGIN_MAGIC_LINK_URL));
    }
}
