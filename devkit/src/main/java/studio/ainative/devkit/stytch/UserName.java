package studio.ainative.devkit.stytch;

/** Stytch's name object; each part is optional and reads back as "" when unset. */
public record UserName(String firstName, String middleName, String lastName) {

    public static final UserName EMPTY = new UserName("", "", "");

    static final int MAX_PART_LENGTH = 256;

    public UserName {
        firstName = part(firstName);
        middleName = part(middleName);
        lastName = part(lastName);
    }

    private static String part(String value) {
        if (value == null) {
            return "";
        }
        if (value.length() > MAX_PART_LENGTH) {
            throw new StytchException(StytchError.INVALID_ARGUMENT,
                    "Each name part must be at most " + MAX_PART_LENGTH + " characters.");
        }
        return value;
    }
}
