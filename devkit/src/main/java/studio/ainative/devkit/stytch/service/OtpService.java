package studio.ainative.devkit.stytch.service;

import static studio.ainative.devkit.stytch.service.BoundedArguments.MAX_TOKEN_LENGTH;
import static studio.ainative.devkit.stytch.service.BoundedArguments.required;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;
import studio.ainative.devkit.stytch.AuthenticationFactor;
import studio.ainative.devkit.stytch.EmailAddress;
import studio.ainative.devkit.stytch.OtpCode;
import studio.ainative.devkit.stytch.OtpExpiration;
import studio.ainative.devkit.stytch.OutboxMessage;
import studio.ainative.devkit.stytch.SessionDuration;
import studio.ainative.devkit.stytch.StytchError;
import studio.ainative.devkit.stytch.StytchException;
import studio.ainative.devkit.stytch.User;
import studio.ainative.devkit.stytch.UserStatus;
import studio.ainative.devkit.stytch.repository.OtpStore;
import studio.ainative.devkit.stytch.repository.UserStore;
import studio.ainative.devkit.stytch.security.SecureTokens;
import studio.ainative.devkit.stytch.service.SignIns.EmailSignIn;
import studio.ainative.devkit.stytch.service.SignIns.SignedIn;

/**
 * Email one-time passcodes: six digits, one live code per email (a new one replaces it), single
 * use, expiring after expiration_minutes. Each wrong code counts toward the user lock.
 */
@ApplicationScoped
public class OtpService {

    private static final Pattern CODE = Pattern.compile("\\d{6}");
    private static final int MAX_CODE_LENGTH = 64;

    private final UserStore users;
    private final OtpStore codes;
    private final OutboxService outbox;
    private final SignIns signIns;
    private final Clock clock;

    public OtpService(UserStore users, OtpStore codes, OutboxService outbox, SignIns signIns, Clock clock) {
        this.users = users;
        this.codes = codes;
        this.outbox = outbox;
        this.signIns = signIns;
        this.clock = clock;
    }

    /** The user, and whether this call created it. */
    public UserStore.LoginOrCreate loginOrCreate(String rawEmail, Integer expirationMinutes, Boolean createUserAsPending) {
        EmailAddress email = EmailAddress.parse(rawEmail);
        OtpExpiration expiration = OtpExpiration.ofNullable(expirationMinutes);
        UserStore.LoginOrCreate result = users.loginOrCreate(email, UserStatus.of(createUserAsPending),
                clock.instant());
        issueCode(result.user(), expiration);
        return result;
    }

    /** Stytch's send: an unknown email is email_not_found, never a new user. */
    public User send(String rawEmail, Integer expirationMinutes) {
        EmailAddress email = EmailAddress.parse(rawEmail);
        OtpExpiration expiration = OtpExpiration.ofNullable(expirationMinutes);
        User user = users.findByEmail(email).orElseThrow(() -> new StytchException(StytchError.EMAIL_NOT_FOUND));
        issueCode(user, expiration);
        return user;
    }

    public EmailSignIn authenticate(String methodId, String code, Integer sessionDurationMinutes) {
        String method = required(methodId, "method_id", MAX_TOKEN_LENGTH, StytchError.INVALID_METHOD_ID);
        String candidate = required(code, "code", MAX_CODE_LENGTH, StytchError.INVALID_CODE);
        if (!CODE.matcher(candidate).matches()) {
            throw new StytchException(StytchError.INVALID_CODE);
        }
        // Validated before the code is spent, so a bad duration does not burn it.
        Optional<SessionDuration> duration = SessionDuration.ofNullable(sessionDurationMinutes);

        OtpCode otp = codes.findByMethodId(method).orElseThrow(OtpService::notFound);
        signIns.unlockedUser(otp.userId(), OtpService::notFound);
        if (!otp.matches(candidate)) {
            signIns.recordFailure(otp.userId());
            throw notFound();
        }
        if (otp.used() || otp.isExpiredAt(clock.instant()) || !codes.markUsed(otp)) {
            throw new StytchException(StytchError.UNABLE_TO_AUTH_OTP_CODE);
        }
        SignedIn signedIn = signIns.succeed(otp.userId(), true,
                (user, at) -> AuthenticationFactor.emailOtp(user.email(), at), duration, OtpService::notFound);
        return new EmailSignIn(signedIn, otp.methodId());
    }

    private void issueCode(User user, OtpExpiration expiration) {
        Instant now = clock.instant();
        Instant expiresAt = now.plus(expiration.toDuration());
        String code = SecureTokens.passcode();
        codes.save(new OtpCode(user.email().emailId(), user.userId(), code, expiresAt, false));
        outbox.deliver(OutboxMessage.passcode(user, code, now, expiresAt));
    }

    private static StytchException notFound() {
        return new StytchException(StytchError.OTP_CODE_NOT_FOUND);
    }
}
