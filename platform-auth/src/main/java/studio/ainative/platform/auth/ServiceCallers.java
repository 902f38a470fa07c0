package studio.ainative.platform.auth;

import jakarta.enterprise.context.ApplicationScoped;
import studio.ainative.platform.web.ServiceCredentialList;

/**
 * The platform services allowed to call this one on an end user's behalf with a signed principal
 * ({@code platform.auth.callers=name:secret,...}), each proving itself with HTTP Basic in
 * {@value #HEADER}. The gateway drops that header from public requests, so only service-to-service
 * calls inside the cluster can carry one.
 */
@ApplicationScoped
public class ServiceCallers {

    public static final String HEADER = "X-Service-Authorization";

    private final ServiceCredentialList callers;

    public ServiceCallers(PlatformAuthConfig config) {
        this.callers = new ServiceCredentialList("platform.auth.callers", config.callers().orElse(""));
    }

    /** The calling service's name, or null when the credential is missing, malformed or wrong. */
    public String authenticate(String header) {
        return callers.authenticate(header);
    }
}
