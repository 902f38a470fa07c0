package studio.ainative.devkit.stytch.service;

import static studio.ainative.devkit.stytch.service.BoundedArguments.MAX_TOKEN_LENGTH;
import static studio.ainative.devkit.stytch.service.BoundedArguments.isPresent;
import static studio.ainative.devkit.stytch.service.BoundedArguments.required;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import studio.ainative.devkit.stytch.AuthenticationFactor;
import studio.ainative.devkit.stytch.EmailAddress;
import studio.ainative.devkit.stytch.OAuthRegistration;
import studio.ainative.devkit.stytch.OAuthToken;
import studio.ainative.devkit.stytch.OutboxKind;
import studio.ainative.devkit.stytch.OutboxMessage;
import studio.ainative.devkit.stytch.RedirectUrl;
import studio.ainative.devkit.stytch.SessionDuration;
import studio.ainative.devkit.stytch.StytchError;
import studio.ainative.devkit.stytch.StytchException;
import studio.ainative.devkit.stytch.User;
import studio.ainative.devkit.stytch.UserStatus;
import studio.ainative.devkit.stytch.config.StytchConfig;
import studio.ainative.devkit.stytch.repository.OAuthTokenStore;
import studio.ainative.devkit.stytch.repository.UserStore;
import studio.ainative.devkit.stytch.security.SecureTokens;
import studio.ainative.devkit.stytch.service.SignIns.SignedIn;

/**
 * Google OAuth without Google. At Stytch the start URL sends the browser to Google's consent
 * screen, whose callback creates or finds the user and redirects to the app with a token. devkit
 * does all of that at once: the Google account is the email the caller names in
 * {@code devkit_email}, its subject is made up once per user and kept, and the token also goes to
 * the outbox. Google verifies its accounts' emails, so a Google sign-in verifies the email.
 */
@ApplicationScoped
public class OAuthService {

    /** Where a start sends the browser. */
    public record Started(URI redirect, User user, boolean userCreated) {
    }

    /** An authenticated OAuth token: the sign-in and the Google registration it proved. */
    public record OAuthAuthentication(SignedIn signedIn, OAuthRegistration registration) {
    }

    private final UserStore users;
    private final OAuthTokenStore tokens;
    private final OutboxService outbox;
    private final SignIns signIns;
    private final StytchConfig config;
    private final Clock clock;

    public OAuthService(UserStore users, OAuthTokenStore tokens, OutboxService outbox, SignIns signIns,
            StytchConfig config, Clock clock) {
        this.users = users;
        this.tokens = tokens;
        this.outbox = outbox;
        this.signIns = signIns;
        this.config = config;
        this.clock = clock;
    }

    public Started startGoogle(String publicToken, String loginRedirectUrl, String signupRedirectUrl,
            String devkitEmail) {
        requireProjectsPublicToken(publicToken);
        Optional<RedirectUrl> login = RedirectUrl.parseOptional(loginRedirectUrl,
                StytchError.INVALID_LOGIN_REDIRECT_URL);
        Optional<RedirectUrl> signup = RedirectUrl.parseOptional(signupRedirectUrl,
                StytchError.INVALID_SIGNUP_REDIRECT_URL);
        if (!isPresent(devkitEmail)) {
            throw new StytchException(StytchError.MISSING_ARGUMENT, "devkit_email is required: devkit stands in "
                    + "for Google's consent screen and signs in the Google account of that email.");
        }
        EmailAddress email = EmailAddress.parse(devkitEmail);

        Instant now = clock.instant();
        UserStore.LoginOrCreate result = users.loginOrCreate(email, UserStatus.ACTIVE, now);
        User user = users.update(result.user().userId(), u -> u.registrationWith(OAuthRegistration.GOOGLE).isPresent()
                        ? u : u.withProvider(OAuthRegistration.newGoogle()))
                .orElseThrow(() -> new IllegalStateException("User vanished: " + result.user().userId()));
        OAuthRegistration registration = user.registrationWith(OAuthRegistration.GOOGLE).orElseThrow();

        String token = SecureTokens.next();
        Instant expiresAt = now.plus(config.oauthTokenTtl());
        tokens.save(new OAuthToken(token, user.userId(), registration.registrationId(), expiresAt));
        String url = RedirectUrl.choose(result.created(), login, signup, config.publicBaseUrl())
                .withToken("oauth", token);
        outbox.deliver(OutboxMessage.link(OutboxKind.OAUTH, user, token, url, now, expiresAt));
        return new Started(URI.create(url), user, result.created());
    }

    public OAuthAuthentication authenticate(String token, Integer sessionDurationMinutes) {
        String checkedToken = required(token, "token", MAX_TOKEN_LENGTH, StytchError.INVALID_TOKEN);
        // Validated before the token is spent, so a bad duration does not burn it.
        Optional<SessionDuration> duration = SessionDuration.ofNullable(sessionDurationMinutes);

        OAuthToken oauth = tokens.find(checkedToken).filter(t -> !t.isExpiredAt(clock.instant()))
                .orElseThrow(OAuthService::notFound);
        signIns.unlockedUser(oauth.userId(), OAuthService::notFound);
        if (!tokens.spend(oauth)) {
            throw notFound();
        }
        SignedIn signedIn = signIns.succeed(oauth.userId(), true,
                (user, at) -> AuthenticationFactor.googleOAuth(registrationOf(user, oauth), user.email(), at),
                duration, OAuthService::notFound);
        return new OAuthAuthentication(signedIn, registrationOf(signedIn.user(), oauth));
    }

    private void requireProjectsPublicToken(String publicToken) {
        byte[] presented = (publicToken == null ? "" : publicToken).getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(presented, config.publicToken().getBytes(StandardCharsets.UTF_8))) {
            throw new StytchException(StytchError.UNAUTHORIZED_CREDENTIALS,
                    "public_token does not name this project's public token.");
        }
    }

    private static OAuthRegistration registrationOf(User user, OAuthToken token) {
        return user.providers().stream().filter(p -> p.registrationId().equals(token.registrationId())).findFirst()
                .orElseThrow(OAuthService::notFound);
    }

    private static StytchException notFound() {
        return new StytchException(StytchError.OAUTH_TOKEN_NOT_FOUND);
    }
}
