package studio.ainative.identity.security;

import jakarta.enterprise.context.ApplicationScoped;
import studio.ainative.identity.config.IdentityConfig;
import studio.ainative.platform.web.ServiceCredentialList;

/**
 * The services allowed to call internal introspection, each with its own secret
 * ({@code identity.introspection.clients=name:secret,...}), presented as HTTP Basic.
 */
@ApplicationScoped
public class ServiceCredentials {

    private final ServiceCredentialList clients;

    public ServiceCredentials(IdentityConfig config) {
        this.clients = new ServiceCredentialList("identity.introspection.clients", config.introspection().clients().orElse(""));
    }

    /** The calling service's name, or null when the Basic credential is missing or wrong. */
    public String authenticate(String authorization) {
        return clients.authenticate(authorization);
    }
}
