package studio.ainative.zerodb.rest;

import io.quarkus.security.ForbiddenException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import studio.ainative.platform.embeddings.EmbeddingException;
import studio.ainative.platform.web.Problem;
import studio.ainative.zerodb.service.VectorService;

/**
 * zerodb's own failure types as problem+json; the ones every service shares (ApiException, bad JSON,
 * framework refusals, database refusals by SQLSTATE, the unexpected) are platform-web's {@code ProblemMappers}.
 */
public class ProblemMapper {

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return Problem.response(403, "api_key_required", "this endpoint takes a project API key, not an end-user token");
    }

    /** Backstop: the services translate embedding failures themselves. */
    @ServerExceptionMapper
    public Response embedding(EmbeddingException e) {
        return Problem.response(VectorService.DOCUMENT_FAILURES.toApi(e));
    }
}
