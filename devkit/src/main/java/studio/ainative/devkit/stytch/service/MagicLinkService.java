package studio.ainative.devkit.stytch.service;

import static studio.ainative.devkit.stytch.service.BoundedArguments.MAX_TOKEN_LENGTH;
import static studio.ainative.devkit.stytch.service.BoundedArguments.required;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import studio.ainative.devkit.stytch.AuthenticationFactor;
import studio.ainative.devkit.stytch.EmailAddress;
import studio.ainative.devkit.stytch.MagicLink;
import studio.ainative.devkit.stytch.OutboxKind;
import studio.ainative.devkit.stytch.OutboxMessage;
import studio.ainative.devkit.stytch.RedirectUrl;
import studio.ainative.devkit.stytch.SessionDuration;
import studio.ainative.devkit.stytch.StytchError;
import studio.ainative.devkit.stytch.StytchException;
import studio.ainative.devkit.stytch.User;
import studio.ainative.devkit.stytch.UserStatus;
import studio.ainative.devkit.stytch.config.StytchConfig;
import studio.ainative.devkit.stytch.repository.MagicLinkStore;
import studio.ainative.devkit.stytch.repository.UserStore;
import studio.ainative.devkit.stytch.security.SecureTokens;
import studio.ainative.devkit.stytch.service.SignIns.EmailSignIn;
import studio.ainative.devkit.stytch.service.SignIns.SignedIn;

/**
 * Email magic links as Stytch has them: {@code send} reaches existing users only,
 * {@code login_or_create} creates the user first if needed, and a link authenticates once.
 */
@ApplicationScoped
public class MagicLinkService {

    private final UserStore users;
    private final MagicLinkStore links;
    private final OutboxService outbox;
    private final SignIns signIns;
    private final StytchConfig config;
    private final Clock clock;

    public MagicLinkService(UserStore users, MagicLinkStore links, OutboxService outbox, SignIns signIns,
            StytchConfig config, Clock clock) {
        this.users = users;
        this.links = links;
        this.outbox = outbox;
        this.signIns = signIns;
        this.config = config;
        this.clock = clock;
    }

    /** Stytch's send: an unknown email is email_not_found, never a new user. */
    public User send(String rawEmail, String loginMagicLinkUrl, String signupMagicLinkUrl) {
        EmailAddress email = EmailAddress.parse(rawEmail);
        Urls urls = Urls.parse(loginMagicLinkUrl, signupMagicLinkUrl);
        User user = users.findByEmail(email).orElseThrow(() -> new StytchException(StytchError.EMAIL_NOT_FOUND));
        issueLink(user, user.status() == UserStatus.PENDING, urls);
        return user;
    }

    /** The user, and whether this call created it. */
    public UserStore.LoginOrCreate loginOrCreate(String rawEmail, String loginMagicLinkUrl, String signupMagicLinkUrl,
            Boolean createUserAsPending) {
        EmailAddress email = EmailAddress.parse(rawEmail);
        Urls urls = Urls.parse(loginMagicLinkUrl, signupMagicLinkUrl);
        UserStore.LoginOrCreate result = users.loginOrCreate(email, UserStatus.of(createUserAsPending),
                clock.instant());
        issueLink(result.user(), result.created() || result.user().status() == UserStatus.PENDING, urls);
        return result;
    }

    /** No session unless one was asked for. */
    public EmailSignIn authenticate(String token, Integer sessionDurationMinutes) {
        String checkedToken = required(token, "token", MAX_TOKEN_LENGTH, StytchError.INVALID_TOKEN);
        // Validated before the token is spent, so a bad duration does not burn the link.
        Optional<SessionDuration> duration = SessionDuration.ofNullable(sessionDurationMinutes);

        MagicLink link = links.findByToken(checkedToken).orElseThrow(MagicLinkService::notFound);
        signIns.unlockedUser(link.userId(), MagicLinkService::notFound);
        if (link.used() || link.isExpiredAt(clock.instant()) || !links.markUsed(link)) {
            throw new StytchException(StytchError.UNABLE_TO_AUTH_MAGIC_LINK);
        }
        SignedIn signedIn = signIns.succeed(link.userId(), true,
                (user, at) -> AuthenticationFactor.magicLink(user.email(), at), duration, MagicLinkService::notFound);
        return new EmailSignIn(signedIn, link.emailId());
    }

    /** Stytch sends new (and still pending) users the signup URL and everyone else the login URL. */
    private void issueLink(User user, boolean signup, Urls urls) {
        RedirectUrl target = RedirectUrl.choose(signup, urls.login(), urls.signup(), config.publicBaseUrl());
        String token = SecureTokens.next();
        Instant now = clock.instant();
        Instant expiresAt = now.plus(config.magicLinkTtl());
        links.save(new MagicLink(token, user.userId(), user.email().emailId(), expiresAt, false));
        outbox.deliver(OutboxMessage.link(OutboxKind.MAGIC_LINK, user, token,
                target.withToken("magic_links", token), now, expiresAt));
    }

    private static StytchException notFound() {
        return new StytchException(StytchError.MAGIC_LINK_NOT_FOUND);
    }

    private record Urls(Optional<RedirectUrl> login, Optional<RedirectUrl> signup) {
        static Urls parse(String login, String signup) {
            return new Urls(RedirectUrl.parseOptional(login, StytchError.INVALID_LOGIN_MAGIC_LINK_URL),
                    RedirectUrl.parseOptional(signup, StytchError.INVALID_SIGNUP_MAGIC_LINK_URL));
        }
    }
}
