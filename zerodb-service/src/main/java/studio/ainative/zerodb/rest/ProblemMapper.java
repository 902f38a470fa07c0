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

/** The one place that turns failures into problem+json. 4xx are expected and not logged as errors. */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public Response apiException(ApiException e) {
        return Problem.response(e.status(), e.code(), e.getMessage());
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

    /** The database refused: a policy (42501) is a denial, anything else a fault of ours. */
    @ServerExceptionMapper
    public Response database(PgException e) {
        if ("42501".equals(e.getSqlState())) {
            return Problem.response(403, "rls_denied", "row-level security refused this operation");
        }
        LOG.errorf("database failure %s", e.getSqlState());
        return Problem.response(500, "internal_error", "internal error");
    }

    @ServerExceptionMapper
    public Response embedding(EmbeddingException e) {
        LOG.warnf("embedding failed: %s", e.getMessage());
        return Problem.builder(503, "embedding_unavailable", "documents could not be embedded right now")
                .header("Retry-After", 5).build();
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
