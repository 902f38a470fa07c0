package studio.ainative.devkit.stytch;

import java.time.Instant;

/**
 * How a session was authenticated, in the terms of Stytch's session object: a {@code type}, a
 * {@code delivery_method} and, depending on the method, the email or Google OAuth registration it
 * proved. Password factors carry neither, as at Stytch, so a password session's JWT has no email.
 */
public record AuthenticationFactor(
        String type,
        String deliveryMethod,
        Instant createdAt,
        Instant updatedAt,
        Instant lastAuthenticatedAt,
        EmailFactor emailFactor,
        GoogleOAuthFactor googleOAuthFactor) {

    /** Stytch's {@code email_factor}. */
    public record EmailFactor(String emailId, String emailAddress) {
    }

    /** Stytch's {@code google_oauth_factor}: the OAuth registration, Google's subject and the email's id. */
    public record GoogleOAuthFactor(String registrationId, String providerSubject, String emailId) {
    }

    public static AuthenticationFactor magicLink(UserEmail email, Instant at) {
        return new AuthenticationFactor("magic_link", "email", at, at, at, emailFactor(email), null);
    }

    public static AuthenticationFactor emailOtp(UserEmail email, Instant at) {
        return new AuthenticationFactor("otp", "email", at, at, at, emailFactor(email), null);
    }

    public static AuthenticationFactor password(Instant at) {
        return new AuthenticationFactor("password", "knowledge", at, at, at, null, null);
    }

    public static AuthenticationFactor googleOAuth(OAuthRegistration registration, UserEmail email, Instant at) {
        return new AuthenticationFactor("oauth", "oauth_google", at, at, at, null,
                new GoogleOAuthFactor(registration.registrationId(), registration.providerSubject(), email.emailId()));
    }

    private static EmailFactor emailFactor(UserEmail email) {
        return new EmailFactor(email.emailId(), email.address());
    }
}
