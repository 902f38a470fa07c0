package studio.ainative.platform.auth;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Reads {@code X-API-Key} or {@code Authorization: Bearer} and hands the credential to
 * {@link PlatformIdentityProvider}. No credential means an anonymous request: {@code @PermitAll}
 * endpoints serve it and {@code @Authenticated} ones challenge with 401 {@code WWW-Authenticate: Bearer}.
 * A credential identity calls inactive is challenged with {@code error="invalid_token"}.
 */
@ApplicationScoped
public class BearerAuthenticationMechanism implements HttpAuthenticationMechanism {

    public static final String PROJECT_HEADER = "X-Project-ID";

    /** Marks an {@link AuthenticationFailedException} whose credential was presented and refused. */
    static final String INVALID_TOKEN = "platform.auth.invalid-token";

    private static final Pattern UUID_TEXT = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final boolean enabled;

    @Inject
    public BearerAuthenticationMechanism(PlatformAuthConfig config) {
        this(config.enabled());
    }

    BearerAuthenticationMechanism(boolean enabled) {
        this.enabled = enabled;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        if (!enabled) {
            return Uni.createFrom().nullItem();
        }
        PresentedCredential credential = PresentedCredential.from(
                context.request().getHeader(HttpHeaders.AUTHORIZATION), context.request().getHeader(PresentedCredential.API_KEY_HEADER));
        if (credential == null) {
            return Uni.createFrom().nullItem();
        }
        UUID projectId;
        try {
            projectId = projectId(context.request().getHeader(PROJECT_HEADER));
        } catch (InvalidProjectHeaderException e) {
            return Uni.createFrom().failure(e);
        }
        return identityProviderManager.authenticate(HttpSecurityUtils.setRoutingContextAttribute(
                new PlatformAuthenticationRequest(credential, projectId, context.request().getHeader(ServiceCallers.HEADER)), context));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        AuthenticationFailedException failure = HttpSecurityUtils.getAuthenticationFailureFromEvent(context);
        boolean refused = failure != null && Boolean.TRUE.equals(failure.getAttribute(INVALID_TOKEN));
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate",
                refused ? "Bearer error=\"invalid_token\"" : "Bearer"));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(PlatformAuthenticationRequest.class);
    }

    static AuthenticationFailedException invalidToken(String reason) {
        return new AuthenticationFailedException(reason, Map.of(INVALID_TOKEN, Boolean.TRUE));
    }

    /** The {@code X-Project-ID} header as a project id; null when absent. {@link UUID#fromString} alone accepts "1-1-1-1-1". */
    static UUID projectId(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.strip();
        if (!UUID_TEXT.matcher(value).matches()) {
            throw new InvalidProjectHeaderException();
        }
        return UUID.fromString(value);
    }
}
