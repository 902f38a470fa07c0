package studio.ainative.identity.rest;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.HeaderParam;
import studio.ainative.identity.security.ApiKeyAuthenticator;
import studio.ainative.identity.security.ApiKeyCaller;

/**
 * The headers every management call authenticates with ({@code @BeanParam}): a project API key as
 * {@code Authorization: Bearer ak_...} or {@code X-API-Key}, and optionally {@code X-Project-ID},
 * which must then name the key's project.
 */
public class CallerHeaders {

    @HeaderParam("Authorization")
    public String authorization;

    @HeaderParam("X-API-Key")
    public String apiKey;

    @HeaderParam("X-Project-ID")
    public String project;

    /** The project API key these headers carry, authenticated. */
    public Uni<ApiKeyCaller> caller(ApiKeyAuthenticator authenticator) {
        return authenticator.authenticate(authorization, apiKey, project);
    }
}
