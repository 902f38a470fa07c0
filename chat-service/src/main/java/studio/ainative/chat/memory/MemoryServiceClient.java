package studio.ainative.chat.memory;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import studio.ainative.platform.auth.ServiceCallers;
import studio.ainative.platform.web.RequestIds;

/**
 * memory-service's ZeroMemory v2, called for the end user of the current completion: {@code Authorization}
 * carries the principal identity signed for this service and {@code X-Service-Authorization} this service's
 * credential (platform-auth's {@code SignedPrincipalHeaders.forIdentity}); memory accepts them without asking
 * identity again. {@code X-Request-ID} carries the completion's request id. The headers are parameters because
 * completions run on a Vert.x route, outside any CDI request the headers factory could read the identity from.
 */
@RegisterRestClient(configKey = "memory")
@Path("/api/v1/public/memory/v2")
public interface MemoryServiceClient {

    @POST
    @Path("/recall")
    Uni<RecallAnswer> recall(@HeaderParam("Authorization") String authorization,
                             @HeaderParam(ServiceCallers.HEADER) String service,
                             @HeaderParam(RequestIds.HEADER) String requestId, RecallBody body);

    @POST
    @Path("/remember")
    Uni<RememberAnswer> remember(@HeaderParam("Authorization") String authorization,
                                 @HeaderParam(ServiceCallers.HEADER) String service,
                                 @HeaderParam(RequestIds.HEADER) String requestId, RememberBody body);

    /** memory's recall request (members chat uses). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RecallBody(String query, String entityName, int limit) {
    }

    record RecallAnswer(List<Recalled> results) {
    }

    record Recalled(String memoryId, String content, double score) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RememberBody(String content, String entityName) {
    }

    record RememberAnswer(String memoryId) {
    }
}
