package studio.ainative.zerodb.rest;

import io.quarkus.security.ForbiddenException;
import io.vertx.pgclient.PgException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import studio.ainative.platform.embeddings.EmbeddingException;
import studio.ainative.platform.web.Problem;
import studio.ainative.zerodb.service.EmbeddingFailures;

/**
 * zerodb's own failure types as problem+json; the ones every service shares (ApiException, bad JSON,
 * framework refusals, the unexpected) are platform-web's {@code ProblemMappers}.
 */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return Problem.response(403, "api_key_required", "this endpoint takes a project API key, not an end-user token");
    }

    /**
     * The database refused. A policy (42501) is a denial. The rest are backstops: input checks and the
     * services' own handling of races should answer first, so each is logged; the SQL text never leaves.
     */
    @ServerExceptionMapper
    public Response database(PgException e) {
        String state = e.getSqlState() == null ? "" : e.getSqlState();
        if (state.equals("42501")) {
            return Problem.response(403, "rls_denied", "row-level security refused this operation");
        }
        if (state.startsWith("22")) {
            LOG.warnf("database refused a value (SQLSTATE %s) that input validation let through", state);
            return Problem.response(400, "invalid_input", "the request holds a value the database cannot store or compare");
        }
        if (state.equals("23503") || state.equals("23505")) {
            LOG.warnf("write raced another (SQLSTATE %s)", state);
            return Problem.response(409, "conflict", "the request conflicts with a concurrent change; read the resource again");
        }
        if (state.equals("40001") || state.equals("40P01")) {
            LOG.warnf("transaction aborted by the database (SQLSTATE %s)", state);
            return Problem.builder(503, "transaction_conflict", "the request collided with a concurrent one; retry it")
                    .header("Retry-After", 1).build();
        }
        LOG.errorf("database failure %s", state);
        return Problem.response(500, "internal_error", "internal error");
    }

    /** Backstop: the services translate embedding failures themselves. */
    @ServerExceptionMapper
    public Response embedding(EmbeddingException e) {
        return Problem.response(EmbeddingFailures.toApi(e, "document_not_embeddable", "documents"));
    }
}
