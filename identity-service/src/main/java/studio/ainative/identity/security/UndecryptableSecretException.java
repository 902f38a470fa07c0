package studio.ainative.identity.security;

/**
 * A stored provider secret that none of the configured keys opens (a key left out of the ring, a
 * damaged row, a ciphertext copied onto another provider). The message carries no secret material.
 */
public class UndecryptableSecretException extends RuntimeException {

    public UndecryptableSecretException(String message) {
        super(message, null, false, false);
    }
}
