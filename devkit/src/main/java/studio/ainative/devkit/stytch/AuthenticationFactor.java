package studio.ainative.devkit.stytch;

import java.time.Instant;

/** How a session was authenticated; the emulator only knows email magic links. */
public record AuthenticationFactor(Instant lastAuthenticatedAt, String emailId, String emailAddress) {

    public static final String TYPE = "magic_link";
    public static final String DELIVERY_METHOD = "email";

    public static AuthenticationFactor magicLinkEmail(UserEmail email, Instant at) {
        return new AuthenticationFactor(at, email.emailId(), email.address());
    }
}
