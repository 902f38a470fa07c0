package studio.ainative.platform.auth;

import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import java.util.Optional;

/**
 * The caller of the current request, for resources and services. Reactive code that already holds
 * the {@link SecurityIdentity} can use {@link PlatformPrincipal#of(SecurityIdentity)} instead.
 */
@RequestScoped
public class CurrentPrincipal {

    private final SecurityIdentity identity;

    public CurrentPrincipal(SecurityIdentity identity) {
        this.identity = identity;
    }

    /** The caller; a 401 when the request is anonymous (for endpoints that are not {@code @Authenticated}). */
    public PlatformPrincipal get() {
        return find().orElseThrow(UnauthorizedException::new);
    }

    /** The caller, or empty on an anonymous request to a {@code @PermitAll} endpoint. */
    public Optional<PlatformPrincipal> find() {
        return PlatformPrincipal.of(identity);
    }
}
