package studio.ainative.identity.jwks;

/** No keys could be had for a provider: nothing cached (or too stale) and the fetch failed. */
public final class KeysUnavailableException extends RuntimeException {
    public KeysUnavailableException(String message) {
        super(message, null, false, false);
    }
}
