package studio.ainative.devkit.stytch.rest;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import studio.ainative.devkit.stytch.User;

/**
 * Stytch's user object. Factors the emulator does not support are present and empty, as they are
 * for a real email-only user.
 */
public record UserView(
        String userId,
        List<Email> emails,
        String status,
        Name name,
        Instant createdAt,
        List<Object> phoneNumbers,
        List<Object> providers,
        List<Object> webauthnRegistrations,
        List<Object> totps,
        List<Object> cryptoWallets,
        Map<String, Object> trustedMetadata,
        Map<String, Object> untrustedMetadata) {

    public record Email(String emailId, String email, boolean verified) {
    }

    public record Name(String firstName, String middleName, String lastName) {
    }

    static UserView of(User user) {
        Email email = new Email(user.email().emailId(), user.email().address(), user.email().verified());
        return new UserView(user.userId(), List.of(email), "active", new Name("", "", ""), user.createdAt(),
                List.of(), List.of(), List.of(), List.of(), List.of(), Map.of(), Map.of());
    }
}
