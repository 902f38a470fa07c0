package studio.ainative.devkit.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class TokensTest {

    @Test
    void aWordCarriesTheWhitespaceBeforeIt() {
        assertEquals(List.of("You", " said", " hello"), Tokens.split("You said hello"));
    }

    @Test
    void eachPunctuationMarkIsItsOwnToken() {
        assertEquals(List.of("Hi", ",", " you", "!", "?"), Tokens.split("Hi, you!?"));
    }

    @Test
    void lettersAndDigitsRunTogether() {
        assertEquals(List.of("gpt4o", " 2024", "-", "07"), Tokens.split("gpt4o 2024-07"));
    }

    @Test
    void lettersOfAnyScriptAreWordsAndAnEmojiIsOneToken() {
        assertEquals(List.of("héllo", " мир", " 😀"), Tokens.split("héllo мир 😀"));
    }

    @Test
    void trailingWhitespaceJoinsTheLastTokenSoTheTokensRebuildTheText() {
        String text = "  leading and trailing \n\t ";
        List<String> tokens = Tokens.split(text);
        assertEquals(List.of("  leading", " and", " trailing \n\t "), tokens);
        assertEquals(text, String.join("", tokens));
    }

    @Test
    void whitespaceAloneAndTheEmptyTextHaveNoTokens() {
        assertEquals(List.of(), Tokens.split(" \n "));
        assertEquals(0, Tokens.count(""));
    }

    @Test
    void countAgreesWithSplit() {
        String text = "Count me: one, two; three... done!";
        assertEquals(Tokens.split(text).size(), Tokens.count(text));
        assertEquals(13, Tokens.count(text));
    }
}
