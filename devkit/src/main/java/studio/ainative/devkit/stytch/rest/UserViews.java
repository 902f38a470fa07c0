package studio.ainative.devkit.stytch.rest;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import studio.ainative.devkit.stytch.User;

/** Renders users as of now: whether a user reads as locked depends on the time. */
@ApplicationScoped
public class UserViews {

    private final Clock clock;

    public UserViews(Clock clock) {
        this.clock = clock;
    }

    UserView of(User user) {
        return UserView.of(user, clock.instant());
    }
}
