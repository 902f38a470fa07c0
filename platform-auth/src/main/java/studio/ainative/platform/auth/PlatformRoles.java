package studio.ainative.platform.auth;

/** The roles a {@code SecurityIdentity} from this library carries, for {@code @RolesAllowed}. */
public final class PlatformRoles {

    /** An end user presenting their identity provider's session JWT. */
    public static final String USER = "user";

    /** A project API key: a server credential acting on the whole project. */
    public static final String API_KEY = "api_key";

    private PlatformRoles() {
    }
}
