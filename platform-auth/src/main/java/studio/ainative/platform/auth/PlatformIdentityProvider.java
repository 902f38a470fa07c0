package studio.ainative.platform.auth;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Function;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;
import studio.ainative.platform.web.LogContext;
import studio.ainative.platform.web.RequestIds;

/**
 * Turns identity's answer into a {@link SecurityIdentity}: principal name, role {@code user} or
 * {@code api_key}, and the {@link PlatformPrincipal} as an attribute. Non-blocking: it runs on the event loop.
 * From then on the request's log lines name the caller and its project ({@link LogContext}); never the token.
 */
@ApplicationScoped
public class PlatformIdentityProvider implements IdentityProvider<PlatformAuthenticationRequest> {

    /** The cache's token type hint for a forwarded signed principal, followed by the calling service. */
    static final String FORWARDED_HINT = "signed_principal:";
    private static final Logger LOG = Logger.getLogger(PlatformIdentityProvider.class);

    private final IdentityIntrospection introspection;
    private final IntrospectionCache cache;
    private final MeterRegistry registry;
    /** The authentication counters by outcome, looked up here rather than in the registry per request. */
    private final java.util.Map<String, Counter> authentications = new java.util.concurrent.ConcurrentHashMap<>();

    private final ServiceCallers callers;
    private final SignedPrincipals principals;

    public PlatformIdentityProvider(IdentityIntrospection introspection, IntrospectionCache cache, MeterRegistry registry,
                                    ServiceCallers callers, SignedPrincipals principals) {
        this.introspection = introspection;
        this.cache = cache;
        this.registry = registry;
        this.callers = callers;
        this.principals = principals;
    }

    @Override
    public Class<PlatformAuthenticationRequest> getRequestType() {
        return PlatformAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(PlatformAuthenticationRequest request, AuthenticationRequestContext context) {
        Uni<IdentityAnswer> answer;
        if (request.serviceCredential() != null) {
            answer = forwarded(request);
        } else {
            IntrospectionRequest question = IntrospectionRequest.of(request.credential(), request.projectId());
            // Read here, on the request's context: the client's retries may run elsewhere.
            String requestId = RequestIds.current();
            answer = cache.get(question, () -> onWorker(introspection.introspect(question, requestId), this::verifyAnswer));
        }
        return answer.map(a -> identity(a, request))
                .invoke(PlatformIdentityProvider::logAs)
                .onItemOrFailure().invoke((identity, failure) -> count(failure));
    }

    /**
     * Another platform service calling for an end user: the bearer token is the signed principal identity
     * issued to that service, checked here with no round trip to identity. The service must prove itself
     * ({@link ServiceCallers}), and the principal must be addressed to it and still valid (60 s at most).
     */
    private Uni<IdentityAnswer> forwarded(PlatformAuthenticationRequest request) {
        String caller = callers.authenticate(request.serviceCredential());
        if (caller == null || request.credential().source() != PresentedCredential.Source.BEARER) {
            return Uni.createFrom().failure(BearerAuthenticationMechanism.invalidToken("the calling service's credential is not valid"));
        }
        String jwt = request.credential().token();
        IntrospectionRequest question = new IntrospectionRequest(jwt, FORWARDED_HINT + caller, request.projectId());
        return cache.get(question, () -> onWorker(Uni.createFrom().item(jwt), signed -> verifyForwarded(signed, caller)));
    }

    /**
     * Verifying a signed principal may fetch identity's JWKS (blocking): it runs on a worker, and the
     * request then goes on on the Vert.x context it came from (where Hibernate Reactive must run).
     */
    private static Uni<IdentityAnswer> onWorker(Uni<String> jwt, Function<String, IdentityAnswer> verify) {
        Context context = Vertx.currentContext();
        Uni<IdentityAnswer> verified = jwt.emitOn(Infrastructure.getDefaultWorkerPool()).map(verify);
        return context == null ? verified : verified.emitOn(task -> context.runOnContext(ignored -> task.run()));
    }

    /**
     * identity's own signed answer. One that does not verify (a key this service cannot get, a signature
     * or claim that does not hold) is identity being unavailable to this service, never an inactive
     * credential: a misconfiguration must not log users out.
     */
    private IdentityAnswer verifyAnswer(String jwt) {
        try {
            return principals.verify(jwt);
        } catch (ParseException e) {
            LOG.errorf("identity-service's signed answer did not verify (%s: %s); check mp.jwt.verify.* and identity's signing keys",
                    e.getMessage(), e.getCause() == null ? "" : e.getCause().getMessage());
            throw new IdentityUnavailableException("identity-service's answer did not verify", null, e);
        }
    }

    private IdentityAnswer verifyForwarded(String jwt, String caller) {
        IdentityAnswer answer;
        try {
            answer = principals.verify(jwt);
        } catch (ParseException e) {
            throw BearerAuthenticationMechanism.invalidToken("the signed principal is not valid");
        }
        if (answer.token() == null || !answer.token().getAudience().contains(caller)) {
            throw BearerAuthenticationMechanism.invalidToken("the signed principal was not issued to the calling service");
        }
        return answer;
    }

    static SecurityIdentity identity(IdentityAnswer answer, PlatformAuthenticationRequest request) {
        return identity(answer.result(), answer.token(), request);
    }

    static SecurityIdentity identity(IntrospectionResult result, PlatformAuthenticationRequest request) {
        return identity(result, null, request);
    }

    /** @param token the signed principal as a JsonWebToken; null: a plain principal carrying the name */
    private static SecurityIdentity identity(IntrospectionResult result, JsonWebToken token, PlatformAuthenticationRequest request) {
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
                // The caller as a MicroProfile JsonWebToken, so @Inject JsonWebToken works as Quarkus users expect.
                .setPrincipal(token != null ? token : new QuarkusPrincipal(principal.name()))
                .addRole(principal.tokenType().role())
                .addAttribute(PlatformPrincipal.ATTRIBUTE, principal)
                .build();
    }

    /** Runs on the request's context (answers come back to it), whose MDC the rest of the request logs with. */
    private static void logAs(SecurityIdentity identity) {
        PlatformPrincipal.of(identity).ifPresent(principal -> LogContext.caller(principal.name(), principal.projectId()));
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
        String counted = outcome;
        authentications.computeIfAbsent(counted, key -> Counter.builder("platform.auth.authentications")
                .description("credentials checked, by outcome").tag("outcome", counted).register(registry)).increment();
    }
}
