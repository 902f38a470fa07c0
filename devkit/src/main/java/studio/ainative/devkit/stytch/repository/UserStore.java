package studio.ainative.devkit.stytch.repository;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import studio.ainative.devkit.stytch.EmailAddress;
import studio.ainative.devkit.stytch.User;
import studio.ainative.devkit.stytch.UserStatus;

/** Users by id and by email. One lock keeps the two maps consistent with each other. */
@ApplicationScoped
public class UserStore {

    /** Search and pagination order: creation time, then id. */
    public static final Comparator<User> CREATION_ORDER =
            Comparator.comparing(User::createdAt).thenComparing(User::userId);

    /** The user for an email, and whether this call created it (Stytch's login vs signup). */
    public record LoginOrCreate(User user, boolean created) {
    }

    private final Map<String, User> usersById = new HashMap<>();
    private final Map<String, String> userIdsByEmail = new HashMap<>();

    public synchronized LoginOrCreate loginOrCreate(EmailAddress email, UserStatus statusIfCreated, Instant now) {
        Optional<User> existing = findByEmail(email);
        if (existing.isPresent()) {
            return new LoginOrCreate(existing.get(), false);
        }
        User user = User.create(email, now, statusIfCreated);
        insert(user);
        return new LoginOrCreate(user, true);
    }

    /** False, and nothing stored, if the user's email already belongs to someone. */
    public synchronized boolean insert(User user) {
        if (userIdsByEmail.containsKey(user.email().address())) {
            return false;
        }
        usersById.put(user.userId(), user);
        userIdsByEmail.put(user.email().address(), user.userId());
        return true;
    }

    public synchronized Optional<User> findById(String userId) {
        return Optional.ofNullable(usersById.get(userId));
    }

    public synchronized Optional<User> findByEmail(EmailAddress email) {
        return Optional.ofNullable(userIdsByEmail.get(email.value())).map(usersById::get);
    }

    /** Applies the change atomically; empty if the user is unknown. The email never changes. */
    public synchronized Optional<User> update(String userId, UnaryOperator<User> change) {
        return Optional.ofNullable(usersById.computeIfPresent(userId, (id, user) -> change.apply(user)));
    }

    public synchronized Optional<User> delete(String userId) {
        User removed = usersById.remove(userId);
        if (removed != null) {
            userIdsByEmail.remove(removed.email().address());
        }
        return Optional.ofNullable(removed);
    }

    /** Every user, in {@link #CREATION_ORDER}. */
    public synchronized List<User> all() {
        return usersById.values().stream().sorted(CREATION_ORDER).toList();
    }
}
