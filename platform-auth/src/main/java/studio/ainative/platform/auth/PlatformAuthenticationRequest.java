package studio.ainative.platform.auth;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;
import java.util.UUID;

/**
 * A credential to verify through identity-service. A type of its own (not Quarkus'
 * {@code TokenAuthenticationRequest}) so a service that also has smallrye-jwt or OIDC on its classpath
 * does not route these requests to their providers.
 *
 * @param projectId the {@code X-Project-ID} header; null when absent
 */
public final class PlatformAuthenticationRequest extends BaseAuthenticationRequest {

    private final PresentedCredential credential;
    private final UUID projectId;
    private final String serviceCredential;

    public PlatformAuthenticationRequest(PresentedCredential credential, UUID projectId) {
        this(credential, projectId, null);
    }

    /** @param serviceCredential the {@link ServiceCallers#HEADER} of a service calling for an end user; null otherwise */
    public PlatformAuthenticationRequest(PresentedCredential credential, UUID projectId, String serviceCredential) {
        this.credential = credential;
        this.projectId = projectId;
        this.serviceCredential = serviceCredential;
    }

    public String serviceCredential() {
        return serviceCredential;
    }

    public PresentedCredential credential() {
        return credential;
    }

    public UUID projectId() {
        return projectId;
    }
}
