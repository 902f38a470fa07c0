package studio.ainative.devkit.openai;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The emulator's deterministic token rule, standing in for a real tokenizer. A token is a run of
 * letters and digits, or any other single character that is not whitespace, together with the
 * whitespace in front of it; whitespace at the very end joins the last token. So "Hi, you!" is
 * "Hi" "," " you" "!": four tokens, and the tokens of a text concatenate back to that text.
 */
public final class Tokens {

    private static final Pattern TOKEN = Pattern.compile("\\s*(?:[\\p{L}\\p{N}]+|[^\\s\\p{L}\\p{N}])",
            Pattern.UNICODE_CHARACTER_CLASS);

    private Tokens() {
    }

    public static List<String> split(String text) {
        List<String> tokens = new ArrayList<>();
        Matcher matcher = TOKEN.matcher(text);
        int end = 0;
        while (matcher.find()) {
            tokens.add(matcher.group());
            end = matcher.end();
        }
        if (!tokens.isEmpty() && end < text.length()) {
            tokens.set(tokens.size() - 1, tokens.get(tokens.size() - 1) + text.substring(end));
        }
        return tokens;
    }

    public static int count(String text) {
        Matcher matcher = TOKEN.matcher(text);
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }
}
