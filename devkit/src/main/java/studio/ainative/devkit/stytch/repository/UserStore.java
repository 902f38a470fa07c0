package studio.ainative.devkit.stytch.repository;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import studio.ainative.devkit.stytch.EmailAddress;
import studio.ainative.devkit.stytch.StytchIds;
import studio.ainative.devkit.stytch.User;
import studio.ainative.devkit.stytch.UserEmail;

/** Users by id and by email. One lock keeps the two maps consistent with each other. */
@ApplicationScoped
public class UserStore {

    /** The user for an email, and whether this call created it (Stytch's login vs signup). */
    public record LoginOrCreate(User user, boolean created) {
    }

    private final Map<String, User> usersById = new HashMap<>();
    private final Map<String, String> userIdsByEmail = new HashMap<>();

    public synchronized LoginOrCreate loginOrCreate(EmailAddress email, Instant now) {
        String existingId = userIdsByEmail.get(email.value());
        if (existingId != null) {
            return new LoginOrCreate(usersById.get(existingId), false);
        }
        User user = new User(StytchIds.userId(), now, new UserEmail(StytchIds.emailId(), email.value(), false));
        usersById.put(user.userId(), user);
        userIdsByEmail.put(email.value(), user.userId());
        return new LoginOrCreate(user, true);
    }

    public synchronized Optional<User> findById(String userId) {
        return Optional.ofNullable(usersById.get(userId));
    }

    /** Empty if the user is unknown. */
    public synchronized Optional<User> markEmailVerified(String userId) {
        return Optional.ofNullable(usersById.computeIfPresent(userId, (id, user) -> user.withEmailVerified()));
    }
}
