package studio.ainative.devkit.stytch;

/** A user created with create_user_as_pending stays pending until their first successful sign-in. */
public enum UserStatus {
    ACTIVE("active"),
    PENDING("pending");

    private final String wireName;

    UserStatus(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static UserStatus of(Boolean createAsPending) {
        return Boolean.TRUE.equals(createAsPending) ? PENDING : ACTIVE;
    }
}
