package studio.ainative.devkit.stytch;

import java.time.Instant;

/** The single-use token Stytch's OAuth callback hands the app, bound to the registration it proved. */
public record OAuthToken(String token, String userId, String registrationId, Instant expiresAt) {

    public boolean isExpiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
