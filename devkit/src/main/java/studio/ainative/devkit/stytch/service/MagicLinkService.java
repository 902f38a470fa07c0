package studio.ainative.devkit.stytch.service;

import static studio.ainative.devkit.stytch.service.BoundedArguments.MAX_TOKEN_LENGTH;
import static studio.ainative.devkit.stytch.service.BoundedArguments.bounded;
import static studio.ainative.devkit.stytch.service.BoundedArguments.isPresent;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;
import studio.ainative.devkit.stytch.EmailAddress;
import studio.ainative.devkit.stytch.MagicLink;
import studio.ainative.devkit.stytch.MagicLinkUrl;
import studio.ainative.devkit.stytch.OutboxMessage;
import studio.ainative.devkit.stytch.SessionDuration;
import studio.ainative.devkit.stytch.StytchError;
import studio.ainative.devkit.stytch.StytchException;
import studio.ainative.devkit.stytch.User;
import studio.ainative.devkit.stytch.config.StytchConfig;
import studio.ainative.devkit.stytch.repository.MagicLinkStore;
import studio.ainative.devkit.stytch.repository.Outbox;
import studio.ainative.devkit.stytch.repository.UserStore;
import studio.ainative.devkit.stytch.security.SecureTokens;

/** Email magic links: login-or-create and "send", then single-use authentication. */
@ApplicationScoped
public class MagicLinkService {

    private static final Logger LOG = Logger.getLogger(MagicLinkService.class);

    /** The outcome of authenticating a magic link; no session unless one was asked for. */
    public record MagicLinkAuthentication(User user, String methodId, Optional<IssuedSession> session) {
    }

    private final UserStore users;
    private final MagicLinkStore links;
    private final Outbox outbox;
    private final SessionService sessions;
    private final StytchConfig config;
    private final Clock clock;

    public MagicLinkService(UserStore users, MagicLinkStore links, Outbox outbox, SessionService sessions,
            StytchConfig config, Clock clock) {
        this.users = users;
        this.links = links;
        this.outbox = outbox;
        this.sessions = sessions;
        this.config = config;
        this.clock = clock;
    }

    /** Returns the (possibly new) user; the link itself goes to the outbox, as an email would. */
    public User send(String rawEmail, String loginMagicLinkUrl, String signupMagicLinkUrl) {
        EmailAddress email = EmailAddress.parse(rawEmail);
        Optional<MagicLinkUrl> login =
                MagicLinkUrl.parseOptional(loginMagicLinkUrl, StytchError.INVALID_LOGIN_MAGIC_LINK_URL);
        Optional<MagicLinkUrl> signup =
                MagicLinkUrl.parseOptional(signupMagicLinkUrl, StytchError.INVALID_SIGNUP_MAGIC_LINK_URL);

        Instant now = clock.instant();
        UserStore.LoginOrCreate result = users.loginOrCreate(email, now);
        User user = result.user();
        // Stytch sends new users the signup URL and returning users the login URL.
        MagicLinkUrl target = (result.created() ? signup.or(() -> login) : login.or(() -> signup))
                .orElseGet(this::defaultUrl);

        String token = SecureTokens.next();
        Instant expiresAt = now.plus(config.magicLinkTtl());
        links.save(new MagicLink(token, user.userId(), user.email().emailId(), expiresAt, false));
        OutboxMessage message = new OutboxMessage(email.value(), user.userId(), user.email().emailId(), token,
                target.withToken(token), now, expiresAt);
        outbox.deliver(message);
        // Nobody receives real mail locally; the log is where a developer clicks the link.
        LOG.infof("Magic link for %s: %s", email.value(), message.url());
        return user;
    }

    public MagicLinkAuthentication authenticate(String token, Integer sessionDurationMinutes) {
        if (!isPresent(token)) {
            throw new StytchException(StytchError.MISSING_ARGUMENT, "token is required.");
        }
        String checkedToken = bounded(token, MAX_TOKEN_LENGTH, StytchError.INVALID_TOKEN);
        // Validated before the token is spent, so a bad duration does not burn the link.
        Optional<SessionDuration> duration = SessionDuration.ofNullable(sessionDurationMinutes);

        MagicLink link = links.findByToken(checkedToken)
                .orElseThrow(() -> new StytchException(StytchError.MAGIC_LINK_NOT_FOUND));
        if (link.used() || link.isExpiredAt(clock.instant()) || !links.markUsed(link)) {
            throw new StytchException(StytchError.UNABLE_TO_AUTH_MAGIC_LINK);
        }
        User user = users.markEmailVerified(link.userId())
                .orElseThrow(() -> new IllegalStateException("Magic link names an unknown user " + link.userId()));
        Optional<IssuedSession> session = duration.map(d -> sessions.startAfterMagicLink(user, d));
        return new MagicLinkAuthentication(user, link.emailId(), session);
    }

    public OutboxMessage newestMessageFor(String rawEmail) {
        return outbox.newestFor(EmailAddress.parse(rawEmail))
                .orElseThrow(() -> new StytchException(StytchError.OUTBOX_EMPTY));
    }

    private MagicLinkUrl defaultUrl() {
        String base = config.publicBaseUrl();
        return new MagicLinkUrl((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/authenticate");
    }
}
