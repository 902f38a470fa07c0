package studio.ainative.zerodb.security;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.RequestScoped;
import studio.ainative.platform.auth.CurrentPrincipal;

/** The current request's {@link Access}: its principal, resolved against the project's RLS setting. */
@RequestScoped
public class CallerAccess {

    private final CurrentPrincipal principal;
    private final AccessResolver resolver;

    public CallerAccess(CurrentPrincipal principal, AccessResolver resolver) {
        this.principal = principal;
        this.resolver = resolver;
    }

    public Uni<Access> access() {
        return resolver.resolve(principal.get());
    }
}
