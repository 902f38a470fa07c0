package studio.ainative.devkit.stytch.service;

import studio.ainative.devkit.stytch.StytchError;
import studio.ainative.devkit.stytch.StytchException;

/** Length limits on caller-supplied strings, so oversized input is refused before any lookup. */
final class BoundedArguments {

    static final int MAX_TOKEN_LENGTH = 256;
    static final int MAX_JWT_LENGTH = 32 * 1024;

    private BoundedArguments() {
    }

    /** Stytch's SDKs send "" for unset fields, so blank counts as absent. */
    static boolean isPresent(String value) {
        return value != null && !value.isBlank();
    }

    /** A required string argument: missing is invalid_argument, too long is {@code whenTooLong}. */
    static String required(String value, String name, int maxLength, StytchError whenTooLong) {
        if (!isPresent(value)) {
            throw new StytchException(StytchError.MISSING_ARGUMENT, name + " is required.");
        }
        return bounded(value, maxLength, whenTooLong);
    }

    static String bounded(String value, int maxLength, StytchError whenTooLong) {
        if (value.length() > maxLength) {
            throw new StytchException(whenTooLong);
        }
        return value;
    }
}
