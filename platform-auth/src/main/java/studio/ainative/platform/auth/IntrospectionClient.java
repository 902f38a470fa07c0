package studio.ainative.platform.auth;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import studio.ainative.platform.web.RequestIds;

/** identity-service's internal introspection endpoint, signed answers only. Only {@link IdentityIntrospection} calls it. */
@RegisterRestClient(configKey = "identity-introspection")
@Path("/internal/v1/introspect")
interface IntrospectionClient {

    /** RFC 9701: identity answers with a JWT it signed, verified here with identity's published keys. */
    String SIGNED_ANSWER = "application/token-introspection+jwt";

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(SIGNED_ANSWER)
    Uni<String> introspect(@HeaderParam("Authorization") String serviceCredential,
                                        @HeaderParam(RequestIds.HEADER) String requestId,
                                        @FormParam("token") String token,
                                        @FormParam("token_type_hint") String tokenTypeHint,
                                        @FormParam("project_id") String projectId);

    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return IntrospectionFailures.fromResponse(response.getStatus(), problemCode(response), response.getHeaderString("Retry-After"));
    }

    /** The {@code code} of identity's problem+json body; null when the body is missing or not JSON (a proxy's error page). */
    private static String problemCode(Response response) {
        try {
            return response.hasEntity() ? response.readEntity(ProblemCode.class).code() : null;
        } catch (ProcessingException | IllegalStateException e) {
            return null;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ProblemCode(String code) {
    }
}
