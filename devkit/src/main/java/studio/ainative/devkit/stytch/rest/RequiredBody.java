package studio.ainative.devkit.stytch.rest;

import studio.ainative.devkit.stytch.StytchError;
import studio.ainative.devkit.stytch.StytchException;

/** An empty POST body reaches resources as null; Stytch answers that with a 400, not a crash. */
final class RequiredBody {

    private RequiredBody() {
    }

    static <T> T check(T body) {
        if (body == null) {
            throw new StytchException(StytchError.BAD_REQUEST, "A JSON request body is required.");
        }
        return body;
    }
}
