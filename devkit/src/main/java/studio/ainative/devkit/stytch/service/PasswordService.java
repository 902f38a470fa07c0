package studio.ainative.devkit.stytch.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import studio.ainative.devkit.stytch.AuthenticationFactor;
import studio.ainative.devkit.stytch.EmailAddress;
import studio.ainative.devkit.stytch.PasswordCredential;
import studio.ainative.devkit.stytch.PasswordStrength;
import studio.ainative.devkit.stytch.SessionDuration;
import studio.ainative.devkit.stytch.StytchError;
import studio.ainative.devkit.stytch.StytchException;
import studio.ainative.devkit.stytch.StytchIds;
import studio.ainative.devkit.stytch.User;
import studio.ainative.devkit.stytch.UserName;
import studio.ainative.devkit.stytch.UserStatus;
import studio.ainative.devkit.stytch.repository.UserStore;
import studio.ainative.devkit.stytch.security.PasswordHasher;
import studio.ainative.devkit.stytch.service.SignIns.SignedIn;

/**
 * Stytch's password users: created with a password that passes the strength rule (see
 * {@link PasswordStrength}), stored as an Argon2id hash, authenticated by email and password.
 * A password proves knowledge, not the inbox, so it never verifies the email.
 */
@ApplicationScoped
public class PasswordService {

    private static final SignIns.FactorOf PASSWORD = (user, at) -> AuthenticationFactor.password(at);

    private final UserStore users;
    private final SignIns signIns;
    private final PasswordHasher hasher;
    private final PasswordStrength strength = PasswordStrength.withBundledList();
    private final ObjectMapper json;
    private final Clock clock;

    public PasswordService(UserStore users, SignIns signIns, PasswordHasher hasher, ObjectMapper json, Clock clock) {
        this.users = users;
        this.signIns = signIns;
        this.hasher = hasher;
        this.json = json;
        this.clock = clock;
    }

    /** A new user with a password; an email that already has a user is duplicate_email. */
    public SignedIn create(String rawEmail, String password, Integer sessionDurationMinutes, UserName name,
            Map<String, Object> trustedMetadata, Map<String, Object> untrustedMetadata) {
        EmailAddress email = EmailAddress.parse(rawEmail);
        String checked = requiredPassword(password);
        Optional<SessionDuration> duration = SessionDuration.ofNullable(sessionDurationMinutes);
        User user = User.create(email, clock.instant(), UserStatus.ACTIVE)
                .withProfile(name, JsonBudget.metadata(json, trustedMetadata, "trusted_metadata"),
                        JsonBudget.metadata(json, untrustedMetadata, "untrusted_metadata"));
        if (users.findByEmail(email).isPresent()) {
            throw new StytchException(StytchError.DUPLICATE_EMAIL);
        }
        // Stytch always checks breaches on create, whatever strength_check was told.
        if (!strength.check(checked, Optional.of(email), true).valid()) {
            throw new StytchException(StytchError.WEAK_PASSWORD);
        }
        PasswordCredential credential = new PasswordCredential(StytchIds.passwordId(), hasher.hash(checked));
        if (!users.insert(user.withPassword(credential))) {
            throw new StytchException(StytchError.DUPLICATE_EMAIL);
        }
        return signIns.succeed(user.userId(), false, PASSWORD, duration, PasswordService::emailNotFound);
    }

    public SignedIn authenticate(String rawEmail, String password, Integer sessionDurationMinutes) {
        EmailAddress email = EmailAddress.parse(rawEmail);
        String checked = requiredPassword(password);
        Optional<SessionDuration> duration = SessionDuration.ofNullable(sessionDurationMinutes);

        User found = users.findByEmail(email).orElseThrow(PasswordService::emailNotFound);
        User user = signIns.unlockedUser(found.userId(), PasswordService::emailNotFound);
        PasswordCredential credential = user.passwordCredential()
                .orElseThrow(() -> new StytchException(StytchError.NO_USER_PASSWORD));
        if (!hasher.matches(checked, credential.hash())) {
            signIns.recordFailure(user.userId());
            throw new StytchException(StytchError.UNAUTHORIZED_CREDENTIALS, "Unauthorized credentials.");
        }
        return signIns.succeed(user.userId(), false, PASSWORD, duration, PasswordService::emailNotFound);
    }

    /** Breaches are only checked when an email is given, as Stytch's strength_check does. */
    public PasswordStrength.Result strengthCheck(String password, String rawEmail) {
        String checked = requiredPassword(password);
        Optional<EmailAddress> email = rawEmail == null || rawEmail.isBlank()
                ? Optional.empty()
                : Optional.of(EmailAddress.parse(rawEmail));
        return strength.check(checked, email, email.isPresent());
    }

    private static String requiredPassword(String password) {
        if (password == null || password.isEmpty()) {
            throw new StytchException(StytchError.MISSING_ARGUMENT, "password is required.");
        }
        if (password.length() > PasswordStrength.MAX_LENGTH) {
            throw new StytchException(StytchError.INVALID_ARGUMENT,
                    "password must be at most " + PasswordStrength.MAX_LENGTH + " characters.");
        }
        return password;
    }

    private static StytchException emailNotFound() {
        return new StytchException(StytchError.EMAIL_NOT_FOUND);
    }
}
