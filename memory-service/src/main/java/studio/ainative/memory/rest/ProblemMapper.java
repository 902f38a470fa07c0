package studio.ainative.memory.rest;

import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import studio.ainative.platform.embeddings.EmbeddingException;
import studio.ainative.platform.embeddings.TextNotEmbeddableException;
import studio.ainative.platform.web.Problem;

/**
 * memory's own failure types as problem+json; the ones every service shares (ApiException, bad JSON,
 * framework refusals, the unexpected) are platform-web's {@code ProblemMappers}.
 */
public class ProblemMapper {

    static final int EMBEDDING_RETRY_AFTER_SECONDS = 5;

    /** The text itself was refused (do not retry it), or the embedder is down (retry later) or misconfigured. */
    @ServerExceptionMapper
    public Response embedding(EmbeddingException e) {
        if (e instanceof TextNotEmbeddableException) {
            return Problem.response(422, "content_not_embeddable", "the embedding model refused this text");
        }
        Response.ResponseBuilder problem = Problem.builder(503, "embedding_unavailable", "embeddings are unavailable");
        if (e.retryable()) {
            problem.header("Retry-After", EMBEDDING_RETRY_AFTER_SECONDS);
        }
        return problem.build();
    }
}
