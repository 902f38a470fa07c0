package studio.ainative.identity.rest;

import jakarta.ws.rs.HeaderParam;

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
}
