package studio.ainative.devkit.stytch;

/** A request the emulator refuses, carried to the exception mapper as a typed Stytch error. */
public class StytchException extends RuntimeException {

    private final StytchError error;

    public StytchException(StytchError error) {
        this(error, error.message());
    }

    public StytchException(StytchError error, String message) {
        super(message, null, false, false);
        this.error = error;
    }

    public StytchError error() {
        return error;
    }
}
