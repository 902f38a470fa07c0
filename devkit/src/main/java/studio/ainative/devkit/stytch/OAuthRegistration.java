package studio.ainative.devkit.stytch;

/**
 * A user's link to an OAuth provider account (Stytch's {@code providers[]} entry). The subject is
 * the provider's stable id for the account, so a returning Google user keeps the same one.
 */
public record OAuthRegistration(String registrationId, String providerType, String providerSubject) {

    public static final String GOOGLE = "Google";

    public static OAuthRegistration newGoogle() {
        return new OAuthRegistration(StytchIds.oauthRegistrationId(), GOOGLE, StytchIds.googleSubject());
    }
}
