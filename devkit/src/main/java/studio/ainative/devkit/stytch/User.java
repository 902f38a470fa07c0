package studio.ainative.devkit.stytch;

import java.time.Instant;

/** An emulated Stytch user; login-or-create gives each one exactly one email. */
public record User(String userId, Instant createdAt, UserEmail email) {

    public User withEmailVerified() {
        return new User(userId, createdAt, email.asVerified());
    }
}
