package studio.ainative.devkit.stytch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * devkit's stand-in for Stytch's default password policy (zxcvbn, a score of 3 or more, plus a
 * breach check). It follows zxcvbn's method on a small scale: find the guessable pieces of the
 * password, cover it with the cheapest sequence of pieces and brute-force runs, and map the
 * estimated number of guesses to a 0..4 score. The pieces it knows:
 * <ul>
 * <li>a word of the bundled common-password list ({@code /stytch/common-passwords.txt}), also
 *     behind l33t substitutions ({@code p@ssw0rd}) and capitals: the word's rank, times 2 for
 *     each of those tricks;</li>
 * <li>the email's local part or a word of it (3+ characters): 10 guesses;</li>
 * <li>a run of one repeated character (3+): 10 per character;</li>
 * <li>an ascending or descending run of letters or digits (3+, {@code abc}, {@code 6543}):
 *     4 per character from an obvious start (a, z, 0, 1, 9), else 10 (digits) or 26 (letters);</li>
 * <li>a straight run along a keyboard row (4+, {@code qwer}, {@code asdf}): 40 per character;</li>
 * <li>a year 1900..2099: 50 guesses.</li>
 * </ul>
 * Any other character costs 10 guesses, as in zxcvbn's brute-force estimate. A piece that is not
 * the whole password counts at least 50 guesses, and each extra piece multiplies the total by
 * 2.5, roughly zxcvbn's factorial term. Scores are zxcvbn's: under 10^3 guesses 0, 10^6 1, 10^8
 * 2, 10^10 3, else 4. A password is <em>breached</em> when it is, ignoring case, on the list.
 */
public final class PasswordStrength {

    public static final int PASSING_SCORE = 3;
    public static final int MAX_LENGTH = 256;

    /** The outcome in the terms of Stytch's strength_check response. */
    public record Result(int score, boolean breached, boolean valid, String warning, List<String> suggestions) {
    }

    private enum Kind { COMMON_PASSWORD, USER_INPUT, REPEAT, SEQUENCE, KEYBOARD, YEAR }

    private record Piece(int start, int end, Kind kind, double log10Guesses, boolean capitalised, boolean leet,
                         int rank) {
        int length() {
            return end - start;
        }
    }

    private static final String LIST_RESOURCE = "/stytch/common-passwords.txt";
    private static final int MIN_WORD_LENGTH = 3;
    private static final int MIN_KEYBOARD_RUN = 4;
    private static final double BRUTE_FORCE_PER_CHARACTER = 1.0; // log10(10)
    private static final double EXTRA_PIECE = Math.log10(2.5);
    private static final double MIN_PARTIAL_PIECE = Math.log10(50);
    private static final double[] SCORE_LIMITS = {
        Math.log10(1e3 + 5), Math.log10(1e6 + 5), Math.log10(1e8 + 5), Math.log10(1e10 + 5)};
    private static final List<String> KEYBOARD_ROWS = List.of("qwertyuiop", "asdfghjkl", "zxcvbnm", "1234567890");
    private static final String ADD_A_WORD = "Add another word or two. Uncommon words are better.";

    private final Map<String, Integer> rankByWord;
    private final int longestWord;

    PasswordStrength(List<String> rankedWords) {
        Map<String, Integer> ranks = new HashMap<>();
        for (int i = 0; i < rankedWords.size(); i++) {
            ranks.putIfAbsent(rankedWords.get(i), i + 1);
        }
        this.rankByWord = Map.copyOf(ranks);
        this.longestWord = rankedWords.stream().mapToInt(String::length).max().orElse(0);
    }

    /** The rule with devkit's bundled list. */
    public static PasswordStrength withBundledList() {
        try (InputStream in = PasswordStrength.class.getResourceAsStream(LIST_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Missing " + LIST_RESOURCE);
            }
            List<String> words = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .map(String::trim)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .toList();
            return new PasswordStrength(words);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + LIST_RESOURCE, e);
        }
    }

    /**
     * @param checkBreach Stytch checks breaches on every create, but in strength_check only when
     *                    an email is given
     */
    public Result check(String password, Optional<EmailAddress> email, boolean checkBreach) {
        String lower = lowerCaseKeepingLength(password);
        List<Piece> pieces = new ArrayList<>();
        addWords(password, lower, pieces);
        addUserInputs(lower, email, pieces);
        addRepeats(lower, pieces);
        addSequences(lower, pieces);
        addKeyboardRuns(lower, pieces);
        addYears(lower, pieces);

        Cover cover = cheapestCover(password.length(), pieces);
        int score = score(cover.log10Guesses());
        boolean breached = checkBreach && rankByWord.containsKey(lower);
        boolean valid = score >= PASSING_SCORE && !breached;
        if (score >= PASSING_SCORE) {
            return new Result(score, breached, valid, "", List.of());
        }
        return feedback(score, breached, cover.pieces(), password.length());
    }

    private void addWords(String original, String lower, List<Piece> pieces) {
        String unleet = unleet(lower);
        int n = lower.length();
        for (int i = 0; i < n; i++) {
            for (int j = i + MIN_WORD_LENGTH; j <= Math.min(n, i + longestWord); j++) {
                String plain = lower.substring(i, j);
                String substituted = unleet.substring(i, j);
                Integer rank = rankByWord.get(plain);
                boolean leet = false;
                if (rank == null && !substituted.equals(plain)) {
                    rank = rankByWord.get(substituted);
                    leet = true;
                }
                if (rank != null) {
                    boolean capitalised = !original.substring(i, j).equals(plain);
                    double log10 = Math.log10(rank) + (capitalised ? Math.log10(2) : 0) + (leet ? Math.log10(2) : 0);
                    pieces.add(new Piece(i, j, Kind.COMMON_PASSWORD, log10, capitalised, leet, rank));
                }
            }
        }
    }

    private static void addUserInputs(String lower, Optional<EmailAddress> email, List<Piece> pieces) {
        if (email.isEmpty()) {
            return;
        }
        String local = email.get().value().substring(0, email.get().value().indexOf('@'));
        List<String> inputs = new ArrayList<>(List.of(local));
        inputs.addAll(List.of(local.split("[^\\p{Alnum}]+")));
        for (String input : inputs) {
            if (input.length() < MIN_WORD_LENGTH) {
                continue;
            }
            for (int at = lower.indexOf(input); at >= 0; at = lower.indexOf(input, at + 1)) {
                pieces.add(new Piece(at, at + input.length(), Kind.USER_INPUT, 1.0, false, false, 0));
            }
        }
    }

    private static void addRepeats(String lower, List<Piece> pieces) {
        int start = 0;
        for (int i = 1; i <= lower.length(); i++) {
            if (i == lower.length() || lower.charAt(i) != lower.charAt(start)) {
                int length = i - start;
                if (length >= MIN_WORD_LENGTH) {
                    pieces.add(new Piece(start, i, Kind.REPEAT, Math.log10(10.0 * length), false, false, 0));
                }
                start = i;
            }
        }
    }

    private static void addSequences(String lower, List<Piece> pieces) {
        int n = lower.length();
        int start = 0;
        while (start < n - 1) {
            int delta = lower.charAt(start + 1) - lower.charAt(start);
            int end = start + 1;
            if ((delta == 1 || delta == -1) && sameClass(lower.charAt(start), lower.charAt(end))) {
                while (end + 1 < n && lower.charAt(end + 1) - lower.charAt(end) == delta
                        && sameClass(lower.charAt(end), lower.charAt(end + 1))) {
                    end++;
                }
            }
            int length = end - start + 1;
            if (length >= MIN_WORD_LENGTH) {
                char first = lower.charAt(start);
                double base = "az019".indexOf(first) >= 0 ? 4 : Character.isDigit(first) ? 10 : 26;
                pieces.add(new Piece(start, end + 1, Kind.SEQUENCE, Math.log10(base * length), false, false, 0));
                start = end + 1;
            } else {
                start++;
            }
        }
    }

    private static boolean sameClass(char a, char b) {
        return (isAsciiLetter(a) && isAsciiLetter(b)) || (Character.isDigit(a) && Character.isDigit(b));
    }

    private static boolean isAsciiLetter(char c) {
        return c >= 'a' && c <= 'z';
    }

    private static void addKeyboardRuns(String lower, List<Piece> pieces) {
        int n = lower.length();
        int longestRow = KEYBOARD_ROWS.stream().mapToInt(String::length).max().orElse(0);
        for (int i = 0; i < n; i++) {
            for (int j = i + MIN_KEYBOARD_RUN; j <= Math.min(n, i + longestRow); j++) {
                String run = lower.substring(i, j);
                String reversed = new StringBuilder(run).reverse().toString();
                if (KEYBOARD_ROWS.stream().anyMatch(row -> row.contains(run) || row.contains(reversed))) {
                    pieces.add(new Piece(i, j, Kind.KEYBOARD, Math.log10(40.0 * run.length()), false, false, 0));
                }
            }
        }
    }

    private static void addYears(String lower, List<Piece> pieces) {
        for (int i = 0; i + 4 <= lower.length(); i++) {
            String candidate = lower.substring(i, i + 4);
            if (candidate.matches("(19|20)\\d\\d")) {
                pieces.add(new Piece(i, i + 4, Kind.YEAR, Math.log10(50), false, false, 0));
            }
        }
    }

    /** Character by character, so every position in it is the same position in the password. */
    private static String lowerCaseKeepingLength(String password) {
        StringBuilder out = new StringBuilder(password.length());
        for (char c : password.toCharArray()) {
            out.append(Character.toLowerCase(c));
        }
        return out.toString();
    }

    /** l33t read back to letters; one character for one, so positions stay aligned. */
    private static String unleet(String lower) {
        StringBuilder out = new StringBuilder(lower.length());
        for (char c : lower.toCharArray()) {
            out.append(switch (c) {
                case '@', '4' -> 'a';
                case '0' -> 'o';
                case '1', '!' -> 'i';
                case '3' -> 'e';
                case '$', '5' -> 's';
                case '7', '+' -> 't';
                case '8' -> 'b';
                default -> c;
            });
        }
        return out.toString();
    }

    private record Cover(double log10Guesses, List<Piece> pieces) {
    }

    /** Dynamic programming over prefixes: each prefix's cheapest cover by pieces and brute-force runs. */
    private static Cover cheapestCover(int n, List<Piece> pieces) {
        if (n == 0) {
            return new Cover(0, List.of());
        }
        double[] best = new double[n + 1];
        Piece[] lastPiece = new Piece[n + 1];
        int[] from = new int[n + 1];
        Arrays.fill(best, Double.POSITIVE_INFINITY);
        best[0] = -EXTRA_PIECE; // the first piece is not an extra one
        for (int end = 1; end <= n; end++) {
            for (int start = 0; start < end; start++) {
                double bruteForce = best[start] + EXTRA_PIECE + (end - start) * BRUTE_FORCE_PER_CHARACTER;
                if (bruteForce < best[end]) {
                    best[end] = bruteForce;
                    lastPiece[end] = null;
                    from[end] = start;
                }
            }
            for (Piece piece : pieces) {
                if (piece.end() != end) {
                    continue;
                }
                boolean whole = piece.start() == 0 && end == n;
                double guesses = whole ? piece.log10Guesses() : Math.max(piece.log10Guesses(), MIN_PARTIAL_PIECE);
                double total = best[piece.start()] + EXTRA_PIECE + guesses;
                if (total < best[end]) {
                    best[end] = total;
                    lastPiece[end] = piece;
                    from[end] = piece.start();
                }
            }
        }
        List<Piece> used = new ArrayList<>();
        for (int end = n; end > 0; end = from[end]) {
            if (lastPiece[end] != null) {
                used.add(lastPiece[end]);
            }
        }
        return new Cover(Math.max(0, best[n]), used);
    }

    private static int score(double log10Guesses) {
        int score = 0;
        while (score < SCORE_LIMITS.length && log10Guesses >= SCORE_LIMITS[score]) {
            score++;
        }
        return score;
    }

    private static Result feedback(int score, boolean breached, List<Piece> pieces, int length) {
        Optional<Piece> longest = pieces.stream().max(Comparator.comparingInt(Piece::length));
        if (longest.isEmpty()) {
            return new Result(score, breached, false, "", List.of(ADD_A_WORD));
        }
        Piece piece = longest.get();
        List<String> suggestions = new ArrayList<>(List.of(ADD_A_WORD));
        String warning = switch (piece.kind()) {
            case COMMON_PASSWORD -> {
                addWordSuggestions(piece, suggestions);
                if (piece.length() < length) {
                    yield "This is similar to a commonly used password.";
                }
                yield piece.rank() <= 10 ? "This is a top-10 common password."
                        : piece.rank() <= 100 ? "This is a top-100 common password." : "This is a very common password.";
            }
            case USER_INPUT -> {
                addWordSuggestions(piece, suggestions);
                yield "";
            }
            case REPEAT -> {
                suggestions.add("Avoid repeated words and characters.");
                yield "Repeats like \"aaa\" are easy to guess.";
            }
            case SEQUENCE -> {
                suggestions.add("Avoid sequences.");
                yield "Sequences like abc or 6543 are easy to guess.";
            }
            case KEYBOARD -> {
                suggestions.add("Use a longer keyboard pattern with more turns.");
                yield "Straight rows of keys are easy to guess.";
            }
            case YEAR -> {
                suggestions.add("Avoid recent years.");
                suggestions.add("Avoid years that are associated with you.");
                yield "Recent years are easy to guess.";
            }
        };
        return new Result(score, breached, false, warning, List.copyOf(suggestions));
    }

    private static void addWordSuggestions(Piece piece, List<String> suggestions) {
        if (piece.capitalised()) {
            suggestions.add("Capitalization doesn't help very much.");
        }
        if (piece.leet()) {
            suggestions.add("Predictable substitutions like '@' instead of 'a' don't help very much.");
        }
    }
}
