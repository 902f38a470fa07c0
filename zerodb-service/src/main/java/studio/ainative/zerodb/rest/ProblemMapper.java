package studio.ainative.zerodb.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.security.ForbiddenException;
import io.vertx.pgclient.PgException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import studio.ainative.platform.embeddings.EmbeddingException;
import studio.ainative.zerodb.ApiException;
import studio.ainative.zerodb.service.EmbeddingFailures;

/** The one place that turns failures into problem+json. 4xx are expected and not logged as errors. */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public Response apiException(ApiException e) {
        Response.ResponseBuilder response = Problem.builder(e.status(), e.code(), e.getMessage());
        if (e.retryAfterSeconds() != null) {
            response.header("Retry-After", e.retryAfterSeconds());
        }
        return response.build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return Problem.response(403, "api_key_required", "this endpoint takes a project API key, not an end-user token");
    }

    @ServerExceptionMapper
    public Response unknownMember(UnrecognizedPropertyException e) {
        return Problem.response(400, "invalid_request", "unknown member '" + e.getPropertyName() + "'");
    }

    @ServerExceptionMapper
    public Response tooDeep(StreamConstraintsException e) {
        return Problem.response(400, "malformed_json", "request body nests too deeply or holds too large a value");
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e) {
        return Problem.response(400, "malformed_json", "request body is not valid JSON for this endpoint");
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
        return apiException(EmbeddingFailures.toApi(e, "document_not_embeddable", "documents"));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOG.error("request failed", e);
            return Problem.response(status, "internal_error", "internal error");
        }
        Throwable cause = e.getCause();
        if (cause instanceof ApiException api) {
            return apiException(api);
        }
        if (cause instanceof UnrecognizedPropertyException unknown) {
            return unknownMember(unknown);
        }
        if (cause instanceof JsonProcessingException) {
            return Problem.response(400, "malformed_json", "request body is not valid JSON for this endpoint");
        }
        String code = switch (status) {
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 413 -> "payload_too_large";
            case 415 -> "unsupported_media_type";
            default -> "invalid_request";
        };
        Response.Status known = Response.Status.fromStatusCode(status);
        Response.ResponseBuilder response = Problem.builder(status, code, known == null ? "request refused" : known.getReasonPhrase());
        String challenge = e.getResponse().getHeaderString("WWW-Authenticate");
        if (challenge != null) {
            response.header("WWW-Authenticate", challenge);
        }
        return response.build();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        LOG.error("unhandled failure", e);
        return Problem.response(500, "internal_error", "internal error");
    }
}
