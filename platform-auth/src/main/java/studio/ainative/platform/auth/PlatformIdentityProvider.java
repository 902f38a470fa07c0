package studio.ainative.platform.auth;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Turns identity's answer into a {@link SecurityIdentity}: principal name, role {@code user} or
 * {@code api_key}, and the {@link PlatformPrincipal} as an attribute. Non-blocking: it runs on the event loop.
 */
@ApplicationScoped
public class PlatformIdentityProvider implements IdentityProvider<PlatformAuthenticationRequest> {

    private final IdentityIntrospection introspection;
    private final IntrospectionCache cache;
    private final MeterRegistry registry;

    public PlatformIdentityProvider(IdentityIntrospection introspection, IntrospectionCache cache, MeterRegistry registry) {
        this.introspection = introspection;
        this.cache = cache;
        this.registry = registry;
    }

    @Override
    public Class<PlatformAuthenticationRequest> getRequestType() {
        return PlatformAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(PlatformAuthenticationRequest request, AuthenticationRequestContext context) {
        IntrospectionRequest question = IntrospectionRequest.of(request.credential(), request.projectId());
        return cache.get(question, () -> introspection.introspect(question))
                .map(result -> identity(result, request))
                .onItemOrFailure().invoke((identity, failure) -> count(failure));
    }

    static SecurityIdentity identity(IntrospectionResult result, PlatformAuthenticationRequest request) {
        if (!result.isUsable()) {
            throw BearerAuthenticationMechanism.invalidToken("the credential is not active");
        }
        PlatformPrincipal principal = result.toPrincipal();
        if (request.credential().source() == PresentedCredential.Source.API_KEY_HEADER && !principal.isApiKey()) {
            throw BearerAuthenticationMechanism.invalidToken("X-API-Key carries a project API key only");
        }
        if (request.projectId() != null && !request.projectId().equals(principal.projectId())) {
            throw new ProjectMismatchException();
        }
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(principal.name()))
                .addRole(principal.tokenType().role())
                .addAttribute(PlatformPrincipal.ATTRIBUTE, principal)
                .build();
    }

    private void count(Throwable failure) {
        String outcome;
        if (failure == null) {
            outcome = "authenticated";
        } else if (failure instanceof AuthenticationFailedException) {
            outcome = "invalid_token";
        } else if (failure instanceof PlatformAuthException refused) {
            outcome = refused.code();
        } else {
            outcome = "error";
        }
        Counter.builder("platform.auth.authentications").description("credentials checked, by outcome")
                .tag("outcome", outcome).register(registry).increment();
    }
}
