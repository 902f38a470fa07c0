package studio.ainative.memory.rest;

import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import studio.ainative.platform.embeddings.EmbeddingException;
import studio.ainative.platform.embeddings.EmbeddingFailures;
import studio.ainative.platform.web.Problem;

/**
 * memory's own failure types as problem+json; the ones every service shares (ApiException, bad JSON,
 * framework refusals, database refusals by SQLSTATE, the unexpected) are platform-web's {@code ProblemMappers}.
 */
public class ProblemMapper {

    /** A refused text is 422 {@code content_not_embeddable}; an embedder down or broken is 503 {@code embedding_unavailable}. */
    static final EmbeddingFailures EMBEDDING_FAILURES = new EmbeddingFailures("content_not_embeddable", "content", null);

    @ServerExceptionMapper
    public Response embedding(EmbeddingException e) {
        return Problem.response(EMBEDDING_FAILURES.toApi(e));
    }
}
