package studio.ainative.platform.auth;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.rest.client.ext.ClientHeadersFactory;
import studio.ainative.platform.web.ServiceCredentialList;

/**
 * Outbound headers for calling another platform service for the same end user, for a REST client
 * ({@code @RegisterClientHeaders(SignedPrincipalHeaders.class)}): the signed principal identity issued to
 * this service as the bearer token, and this service's own credential in {@link ServiceCallers#HEADER}.
 * The callee lists this service in its {@code platform.auth.callers}. Nothing is sent for an anonymous
 * request, so the callee answers 401 as it would to anyone.
 */
@ApplicationScoped
public class SignedPrincipalHeaders implements ClientHeadersFactory {

    private final SecurityIdentity identity;
    private final String credential;

    public SignedPrincipalHeaders(SecurityIdentity identity, PlatformAuthConfig config) {
        this.identity = identity;
        this.credential = ServiceCredentialList.basic(config.serviceName(), config.serviceSecret());
    }

    @Override
    public MultivaluedMap<String, String> update(MultivaluedMap<String, String> incoming, MultivaluedMap<String, String> outgoing) {
        MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
        forIdentity(identity).forEach(headers::putSingle);
        return headers;
    }

    /**
     * The same headers for an identity the caller holds itself: code outside a CDI request (a Vert.x route, a
     * stream's callback) passes the request's identity here and sets them on its own client. Empty for an
     * anonymous identity.
     */
    public Map<String, String> forIdentity(SecurityIdentity caller) {
        if (caller != null && !caller.isAnonymous() && caller.getPrincipal() instanceof JsonWebToken jwt && jwt.getRawToken() != null) {
            return Map.of("Authorization", "Bearer " + jwt.getRawToken(), ServiceCallers.HEADER, credential);
        }
        return Map.of();
    }
}
