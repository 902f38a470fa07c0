package studio.ainative.identity.jwks;

/** A JWKS could not be fetched or used. The message is safe to show to the API key holder. */
public final class InvalidJwksException extends Exception {
    public InvalidJwksException(String message) {
        super(message, null, false, false);
    }
}
