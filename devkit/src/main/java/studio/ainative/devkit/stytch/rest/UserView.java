package studio.ainative.devkit.stytch.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import studio.ainative.devkit.stytch.OAuthRegistration;
import studio.ainative.devkit.stytch.User;
import studio.ainative.devkit.stytch.UserName;
import studio.ainative.devkit.stytch.security.SessionClaims;

/**
 * Stytch's user object. Factors the emulator does not support are present and empty, as they are
 * for a real email user; {@code password} and the lock times appear only when there is one.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UserView(
        String userId,
        List<Email> emails,
        String status,
        List<Object> phoneNumbers,
        List<Object> webauthnRegistrations,
        List<Provider> providers,
        List<Object> totps,
        List<Object> cryptoWallets,
        List<Object> biometricRegistrations,
        boolean isLocked,
        List<String> roles,
        Name name,
        Instant createdAt,
        Password password,
        Map<String, Object> trustedMetadata,
        Map<String, Object> untrustedMetadata,
        Instant lockCreatedAt,
        Instant lockExpiresAt) {

    public record Email(String emailId, String email, boolean verified) {
    }

    /** Also the request body of a name: each part optional. */
    public record Name(String firstName, String middleName, String lastName) {
        static UserName toDomain(Name name) {
            return name == null ? UserName.EMPTY : new UserName(name.firstName, name.middleName, name.lastName);
        }
    }

    public record Provider(String providerType, String providerSubject, String profilePictureUrl, String locale,
                           String oauthUserRegistrationId) {
        static Provider of(OAuthRegistration registration) {
            return new Provider(registration.providerType(), registration.providerSubject(), "", "",
                    registration.registrationId());
        }
    }

    /** Stytch forces a reset after a breach or a passwordless sign-in; devkit never does. */
    public record Password(String passwordId, boolean requiresReset) {
    }

    static UserView of(User user, Instant now) {
        boolean locked = user.lock().isActiveAt(now);
        UserName name = user.name();
        return new UserView(user.userId(),
                List.of(new Email(user.email().emailId(), user.email().address(), user.email().verified())),
                user.status().wireName(), List.of(), List.of(),
                user.providers().stream().map(Provider::of).toList(),
                List.of(), List.of(), List.of(), locked, SessionClaims.ROLES,
                new Name(name.firstName(), name.middleName(), name.lastName()), user.createdAt(),
                user.passwordCredential().map(p -> new Password(p.passwordId(), false)).orElse(null),
                user.trustedMetadata(), user.untrustedMetadata(),
                locked ? user.lock().lockedAt() : null, locked ? user.lock().lockedUntil() : null);
    }
}
