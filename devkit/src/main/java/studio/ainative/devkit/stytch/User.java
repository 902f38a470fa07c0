package studio.ainative.devkit.stytch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An emulated Stytch user. The emulator only knows email users, so each has exactly one email;
 * a password and Google OAuth registrations are optional. Immutable: changes make a new value.
 */
public record User(
        String userId,
        Instant createdAt,
        UserStatus status,
        UserName name,
        UserEmail email,
        PasswordCredential password,
        List<OAuthRegistration> providers,
        Map<String, Object> trustedMetadata,
        Map<String, Object> untrustedMetadata,
        UserLock lock) {

    public User {
        providers = List.copyOf(providers);
        trustedMetadata = frozen(trustedMetadata);
        untrustedMetadata = frozen(untrustedMetadata);
    }

    public static User create(EmailAddress email, Instant now, UserStatus status) {
        return new User(StytchIds.userId(), now, status, UserName.EMPTY, UserEmail.unverified(email), null,
                List.of(), Map.of(), Map.of(), UserLock.NONE);
    }

    public Optional<PasswordCredential> passwordCredential() {
        return Optional.ofNullable(password);
    }

    public Optional<OAuthRegistration> registrationWith(String providerType) {
        return providers.stream().filter(p -> p.providerType().equals(providerType)).findFirst();
    }

    public User withProfile(UserName newName, Map<String, Object> trusted, Map<String, Object> untrusted) {
        return new User(userId, createdAt, status, newName, email, password, providers, trusted, untrusted, lock);
    }

    public User withPassword(PasswordCredential credential) {
        return new User(userId, createdAt, status, name, email, credential, providers, trustedMetadata,
                untrustedMetadata, lock);
    }

    public User withProvider(OAuthRegistration registration) {
        List<OAuthRegistration> more = new ArrayList<>(providers);
        more.add(registration);
        return new User(userId, createdAt, status, name, email, password, more, trustedMetadata, untrustedMetadata,
                lock);
    }

    public User withLock(UserLock newLock) {
        return new User(userId, createdAt, status, name, email, password, providers, trustedMetadata,
                untrustedMetadata, newLock);
    }

    /**
     * A successful sign-in activates a pending user and clears the failure run; methods that prove
     * the inbox (magic links, email OTP, Google) also verify the email.
     */
    public User afterSignIn(boolean provesEmail) {
        UserEmail signedInEmail = provesEmail ? email.asVerified() : email;
        return new User(userId, createdAt, UserStatus.ACTIVE, name, signedInEmail, password, providers,
                trustedMetadata, untrustedMetadata, UserLock.NONE);
    }

    private static Map<String, Object> frozen(Map<String, Object> metadata) {
        // JSON null members are legal metadata values, which Map.copyOf would refuse.
        return metadata == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }
}
