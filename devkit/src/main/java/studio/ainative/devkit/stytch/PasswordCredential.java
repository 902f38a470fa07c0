package studio.ainative.devkit.stytch;

/** A user's password, kept only as its Argon2id hash in PHC string form. */
public record PasswordCredential(String passwordId, String hash) {

    /** Never print the hash, even though it is not the password. */
    @Override
    public String toString() {
        return "PasswordCredential[passwordId=" + passwordId + "]";
    }
}
