package studio.ainative.devkit.stytch;

import java.util.Locale;
import java.util.regex.Pattern;

/** A syntactically plausible email address, lower-cased so lookups match the way Stytch's do. */
public record EmailAddress(String value) {

    static final int MAX_LENGTH = 254;
    private static final Pattern SHAPE = Pattern.compile("[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+");

    public static EmailAddress parse(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new StytchException(StytchError.MISSING_ARGUMENT, "email is required.");
        }
        String trimmed = raw.trim();
        if (trimmed.length() > MAX_LENGTH || !SHAPE.matcher(trimmed).matches()) {
            throw new StytchException(StytchError.INVALID_EMAIL);
        }
        return new EmailAddress(trimmed.toLowerCase(Locale.ROOT));
    }
}
