package studio.ainative.devkit.stytch.service;

import static studio.ainative.devkit.stytch.service.BoundedArguments.MAX_TOKEN_LENGTH;
import static studio.ainative.devkit.stytch.service.BoundedArguments.required;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import studio.ainative.devkit.stytch.EmailAddress;
import studio.ainative.devkit.stytch.StytchError;
import studio.ainative.devkit.stytch.StytchException;
import studio.ainative.devkit.stytch.User;
import studio.ainative.devkit.stytch.UserName;
import studio.ainative.devkit.stytch.UserSearch;
import studio.ainative.devkit.stytch.UserStatus;
import studio.ainative.devkit.stytch.repository.MagicLinkStore;
import studio.ainative.devkit.stytch.repository.OAuthTokenStore;
import studio.ainative.devkit.stytch.repository.OtpStore;
import studio.ainative.devkit.stytch.repository.SessionStore;
import studio.ainative.devkit.stytch.repository.UserStore;

/** Stytch's users API: create, get, delete and search (email users only). */
@ApplicationScoped
public class UserService {

    static final int DEFAULT_SEARCH_LIMIT = 100;
    static final int MAX_SEARCH_LIMIT = 1000;

    /** One page of search results, the number of matches in all pages, and where the next page starts. */
    public record SearchPage(List<User> results, int total, Optional<String> nextCursor) {
    }

    private final UserStore users;
    private final SessionStore sessions;
    private final MagicLinkStore links;
    private final OtpStore codes;
    private final OAuthTokenStore oauthTokens;
    private final ObjectMapper json;
    private final Clock clock;

    public UserService(UserStore users, SessionStore sessions, MagicLinkStore links, OtpStore codes,
            OAuthTokenStore oauthTokens, ObjectMapper json, Clock clock) {
        this.users = users;
        this.sessions = sessions;
        this.links = links;
        this.codes = codes;
        this.oauthTokens = oauthTokens;
        this.json = json;
        this.clock = clock;
    }

    /**
     * devkit emulates email users, so {@code email} is required here (Stytch also allows phone-only
     * users). An email that already has a user is duplicate_email.
     */
    public User create(String rawEmail, UserName name, Boolean createUserAsPending,
            Map<String, Object> trustedMetadata, Map<String, Object> untrustedMetadata) {
        EmailAddress email = EmailAddress.parse(rawEmail);
        User user = User.create(email, clock.instant(), UserStatus.of(createUserAsPending))
                .withProfile(name, JsonBudget.metadata(json, trustedMetadata, "trusted_metadata"),
                        JsonBudget.metadata(json, untrustedMetadata, "untrusted_metadata"));
        if (!users.insert(user)) {
            throw new StytchException(StytchError.DUPLICATE_EMAIL);
        }
        return user;
    }

    public User get(String userId) {
        return users.findById(checkedUserId(userId)).orElseThrow(UserService::userNotFound);
    }

    /** Deleting a user ends their sessions and voids every link, passcode and OAuth token they hold. */
    public User delete(String userId) {
        User deleted = users.delete(checkedUserId(userId)).orElseThrow(UserService::userNotFound);
        sessions.deleteAllOf(deleted.userId());
        links.deleteAllOf(deleted.userId());
        codes.deleteAllOf(deleted.userId());
        oauthTokens.deleteAllOf(deleted.userId());
        return deleted;
    }

    public SearchPage search(String operator, List<UserSearch.Operand> operands, Integer limit, String cursor) {
        Predicate<User> filter = UserSearch.filter(operator, operands);
        int pageSize = limit == null ? DEFAULT_SEARCH_LIMIT : limit;
        if (pageSize < 1 || pageSize > MAX_SEARCH_LIMIT) {
            throw new StytchException(StytchError.INVALID_ARGUMENT,
                    "limit must be between 1 and " + MAX_SEARCH_LIMIT + ".");
        }
        Optional<UserSearch.Cursor> after = UserSearch.Cursor.parseOptional(cursor);

        List<User> matches = users.all().stream().filter(filter).toList();
        List<User> remaining = matches.stream().filter(u -> after.map(c -> c.precedes(u)).orElse(true)).toList();
        List<User> page = remaining.stream().limit(pageSize).toList();
        Optional<String> next = remaining.size() > page.size()
                ? Optional.of(UserSearch.Cursor.after(page.get(page.size() - 1)).encode())
                : Optional.empty();
        return new SearchPage(page, matches.size(), next);
    }

    private static String checkedUserId(String userId) {
        return required(userId, "user_id", MAX_TOKEN_LENGTH, StytchError.INVALID_USER_ID);
    }

    private static StytchException userNotFound() {
        return new StytchException(StytchError.USER_NOT_FOUND);
    }
}
