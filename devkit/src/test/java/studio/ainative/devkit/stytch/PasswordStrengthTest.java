package studio.ainative.devkit.stytch;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordStrengthTest {

    private static final PasswordStrength RULE = PasswordStrength.withBundledList();
    private static final Optional<EmailAddress> NO_EMAIL = Optional.empty();
    private static final String ADD_A_WORD = "Add another word or two. Uncommon words are better.";

    private static PasswordStrength.Result check(String password) {
        return RULE.check(password, NO_EMAIL, true);
    }

    @Test
    void theMostCommonPasswordScoresZeroIsBreachedAndSaysSo() {
        PasswordStrength.Result result = check("password");

        assertThat(result.score(), is(0));
        assertThat(result.breached(), is(true));
        assertThat(result.valid(), is(false));
        assertThat(result.warning(), equalTo("This is a top-10 common password."));
        assertThat(result.suggestions(), contains(ADD_A_WORD));
    }

    @Test
    void aListedPasswordIsBreachedWhateverItsCase() {
        assertThat(check("LetMeIn").breached(), is(true));
    }

    @Test
    void breachesAreOnlyReportedWhenTheCallerAsksForTheCheck() {
        PasswordStrength.Result result = RULE.check("password", NO_EMAIL, false);

        assertThat(result.breached(), is(false));
        assertThat(result.valid(), is(false));
    }

    @Test
    void aCommonPasswordBehindCapitalsAndDigitsIsStillWeak() {
        PasswordStrength.Result result = check("Password1!");

        assertThat(result.score(), lessThan(PasswordStrength.PASSING_SCORE));
        assertThat(result.breached(), is(false));
        assertThat(result.warning(), equalTo("This is similar to a commonly used password."));
        assertThat(result.suggestions(), hasItem("Capitalization doesn't help very much."));
    }

    @Test
    void l33tSubstitutionsDoNotHideACommonWord() {
        PasswordStrength.Result result = check("m0nk3y");

        assertThat(result.valid(), is(false));
        assertThat(result.suggestions(),
                hasItem("Predictable substitutions like '@' instead of 'a' don't help very much."));
    }

    @Test
    void aRepeatedCharacterIsWeak() {
        PasswordStrength.Result result = check("zzzzzzzzzzzz");

        assertThat(result.valid(), is(false));
        assertThat(result.warning(), equalTo("Repeats like \"aaa\" are easy to guess."));
    }

    @Test
    void aSequenceIsWeak() {
        PasswordStrength.Result result = check("lmnopqrstuv");

        assertThat(result.valid(), is(false));
        assertThat(result.warning(), equalTo("Sequences like abc or 6543 are easy to guess."));
    }

    @Test
    void aKeyboardRowIsWeak() {
        PasswordStrength.Result result = check("wertyuiop");

        assertThat(result.valid(), is(false));
        assertThat(result.warning(), equalTo("Straight rows of keys are easy to guess."));
    }

    @Test
    void theEmailsOwnNameIsGuessable() {
        EmailAddress email = EmailAddress.parse("kristoffersen@example.com");

        assertThat(RULE.check("kristoffersen", Optional.of(email), true).valid(), is(false));
        assertThat(RULE.check("kristoffersen", NO_EMAIL, true).valid(), is(true));
    }

    @Test
    void eightRandomCharactersAreNotEnoughButTenAre() {
        assertThat(check("xkqwpvzm").score(), lessThan(PasswordStrength.PASSING_SCORE));
        assertThat(check("xkqwpvzmtj").valid(), is(true));
    }

    @ParameterizedTest
    @ValueSource(strings = {"violet-Kettle-41-harbour", "correct horse battery staple", "Tz8#qL!w3@rN"})
    void longUnguessablePasswordsPassWithEmptyFeedback(String password) {
        PasswordStrength.Result result = check(password);

        assertThat(result.score(), greaterThanOrEqualTo(PasswordStrength.PASSING_SCORE));
        assertThat(result.valid(), is(true));
        assertThat(result.warning(), equalTo(""));
        assertThat(result.suggestions(), is(empty()));
    }

    @Test
    void aShortRandomPasswordGetsTheGenericSuggestionOnly() {
        PasswordStrength.Result result = check("x7#q");

        assertThat(result.score(), is(1));
        assertThat(result.warning(), equalTo(""));
        assertThat(result.suggestions(), contains(ADD_A_WORD));
    }

    @Test
    void aRecentYearIsGuessable() {
        PasswordStrength.Result result = check("qz1987");

        assertThat(result.valid(), is(false));
        assertThat(result.warning(), equalTo("Recent years are easy to guess."));
    }

    @Test
    void charactersThatChangeLengthWhenLowerCasedDoNotBreakTheCheck() {
        assertThat(check("İİİİİİİİİİİİ").valid(), is(false));
    }
}
